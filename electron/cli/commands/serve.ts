// `caliper serve`: starts the web host and prints its address (with the per-start token) as the
// first line of output, then serves until interrupted. Layer: electron/cli.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Backend } from '../../backend/backend';
import { defaultDataDir } from '../../backend/dataDir';
import { createRouter } from '../../backend/router';
import { openAtStart } from '../../backend/services/review';
import { startHost } from '../../host/server';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { caliperVersion, projectRoot, rendererBuildDir } from '../paths';

const usage = `Usage: caliper serve [--port P] [--data-dir D] [--open FILE] [--open-browser]

Serves Caliper in a web browser from 127.0.0.1 and prints its address, with the access token for
this start, as the first line of output. Stop it with Ctrl+C.

  --port P         port to listen on (default: a free port)
  --data-dir D     data folder for settings and reviews (default: Caliper's data folder, or CALIPER_DATA_DIR)
  --open FILE      open this review file at start
  --open-browser   also open Caliper in the default browser (through a one-time address, so the
                   token never appears on the browser's command line)
`;

/** Builds the renderer with Vite when no build exists yet (a fresh clone). */
async function ensureRendererBuild(io: CliIO): Promise<void> {
  if (existsSync(path.join(rendererBuildDir, 'index.html'))) return;
  io.stderr('Building the Caliper interface (first run)...\n');
  // Vite builds for production only when NODE_ENV says so (a test runner sets it to "test").
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: path.join(projectRoot, 'vite.config.ts'), logLevel: 'warn' });
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No default browser: the printed address is enough.
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve Caliper to a web browser on 127.0.0.1 and print its address',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        open: { type: 'string' },
        'open-browser': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a number from 0 to 65535 (got "${values.port}")`);
    const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();

    await ensureRendererBuild(io);
    const backend = new Backend({
      dataDir,
      host: 'web',
      versions: { caliper: caliperVersion() },
    });
    const router = createRouter(backend);
    const start = openAtStart(backend.context(), values.open);
    const host = await startHost({ backend, router, rendererDir: rendererBuildDir, port });
    io.stdout(`${host.url}\n`);
    if (start.problem) io.stderr(`${start.problem}\n`);
    io.stderr(
      `Caliper is serving ${start.review ? `"${start.review.title}"` : 'no review'} from ${dataDir}. Press Ctrl+C to stop.\n`,
    );
    // The browser's command line is visible to every local user (ps): it gets a one-time code, not the token.
    if (values['open-browser']) openInBrowser(host.oneTimeUrl());

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    backend.close();
    return 0;
  },
};
