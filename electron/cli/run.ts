// The `caliper` command line as a function over an IO object, so tests call it in-process.
// electron/cli/main.ts is the process entry. Layer: electron/cli, a thin adapter over the backend.
import { commands } from './commands/index';
import { UsageError, type CliIO } from './command';
import { caliperVersion } from './paths';

export const nodeIO: CliIO = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Caliper: data extraction for systematic reviews',
    '',
    'Usage: caliper COMMAND [options]      (from the project: npm run --silent caliper -- COMMAND ...)',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `caliper COMMAND --help` for the options of one command.',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${caliperVersion()}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`caliper: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`caliper ${command.name}: ${error.message}\n\n${command.usage.trimEnd()}\n`);
      return 2;
    }
    if (
      error instanceof Error &&
      'code' in error &&
      (error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      io.stderr(`caliper ${command.name}: ${error.message}\n`);
      return 2;
    }
    io.stderr(`caliper ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
