// The list of `caliper` sub-commands, in the order `caliper --help` shows them.
import type { CliCommand } from '../command';
import { analyseCommand } from './analyse';
import { convertCommand } from './convert';
import { importCommand } from './import';
import { parseCommand } from './parse';
import { poolCommand } from './pool';
import { serveCommand } from './serve';

export const commands: CliCommand[] = [
  serveCommand,
  importCommand,
  poolCommand,
  analyseCommand,
  convertCommand,
  parseCommand,
];
