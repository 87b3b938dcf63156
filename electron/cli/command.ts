// The shape of one `caliper` sub-command. Commands are thin adapters: they parse arguments, call
// shared/ or electron/backend code, and print. Layer: electron/cli (Node).

export interface CliIO {
  /** Reads all of standard input as UTF-8 text. */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface CliCommand {
  name: string;
  /** One line for `caliper --help`. */
  summary: string;
  /** Usage text for `caliper COMMAND --help`. */
  usage: string;
  /** Runs the command and resolves to the process exit code (0 ok, 1 failure, 2 bad input or usage). */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Thrown by a command for a usage error: printed to stderr, exit status 2. */
export class UsageError extends Error {}
