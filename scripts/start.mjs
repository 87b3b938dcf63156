// `npm start`: builds Caliper and opens it in Electron. Where Electron's binary is missing and cannot
// be downloaded (offline machines, CI), says so in one line and serves the same app from the web host
// on 127.0.0.1 instead, opening it in the default browser when there is one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** The Electron executable, downloading it first when needed; null when it cannot be had. */
function electronBinary() {
  const packageDir = path.dirname(require.resolve('electron/package.json'));
  const installed = () => {
    const pathFile = path.join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(binary) ? binary : null;
  };
  const found = installed();
  if (found) return { binary: found };
  const attempt = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  const afterDownload = installed();
  if (afterDownload) return { binary: afterDownload };
  const reason =
    `${attempt.stderr ?? ''}`
      .split('\n')
      .find((line) => /error/i.test(line))
      ?.trim() ?? 'download failed';
  return { binary: null, reason };
}

await buildAll({ quiet: true });
const electron = electronBinary();
const passThrough = process.argv.slice(2);

const child = electron.binary
  ? spawn(electron.binary, [root, ...passThrough], { stdio: 'inherit' })
  : (() => {
      console.log(
        `Caliper: Electron's binary is not installed and could not be downloaded (${electron.reason}); serving Caliper from the web host instead.`,
      );
      return spawn(
        process.execPath,
        [path.join(root, 'dist/cli/main.mjs'), 'serve', '--open-browser', ...passThrough],
        {
          stdio: 'inherit',
          cwd: root,
        },
      );
    })();

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
