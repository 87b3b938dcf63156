// The list of `caliper` sub-commands, in the order `caliper --help` shows them.
import type { CliCommand } from '../command';
import { parseCommand } from './parse';
import { serveCommand } from './serve';

export const commands: CliCommand[] = [serveCommand, parseCommand];
