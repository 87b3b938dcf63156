// Before the end-to-end tests: make sure Chromium exists (with a clear message when it does not)
// and build the renderer once, as `npm start` would, in its own process so the test runner's
// NODE_ENV=test cannot turn it into a development build.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findChromium } from './chromium';

export default function setup(): void {
  findChromium();
  const root = fileURLToPath(new URL('../../', import.meta.url));
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url)), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}
