// The list of `caliper` sub-commands, in the order `caliper --help` shows them.
import type { CliCommand } from '../command';
import { convertCommand } from './convert';
import { importCommand } from './import';
import { parseCommand } from './parse';
import { poolCommand } from './pool';
import { reconcileCommand } from './reconcile';
import { serveCommand } from './serve';

export const commands: CliCommand[] = [
  serveCommand,
  importCommand,
  reconcileCommand,
  poolCommand,
  convertCommand,
  parseCommand,
];
