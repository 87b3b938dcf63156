// `caliper serve --open-browser` in Chromium: the browser is handed a one-time address (never the
// token), and the page it opens works: it trades the code for the session cookie, asks the host for
// its token, and shows the sample review; the same address refuses a second use.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';

const cliMain = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));

let dir = '';
let browser: Browser | undefined;
let server: ChildProcess | undefined;
let printed = '';
let opened = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'caliper-e2e-code-'));
  // Stands in for the system's "open this address" command and records what it was given.
  const record = path.join(dir, 'opened.txt');
  writeFileSync(path.join(dir, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
  chmodSync(path.join(dir, 'xdg-open'), 0o755);
  server = spawn(
    process.execPath,
    ['--import', 'tsx', cliMain, 'serve', '--data-dir', path.join(dir, 'data'), '--open-browser'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}` } },
  );
  printed = await new Promise<string>((resolve, reject) => {
    let text = '';
    server!.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
    server!.on('exit', (code) => reject(new Error(`caliper serve exited with ${code}`)));
  });
  for (let i = 0; i < 100 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 50));
  opened = readFileSync(record, 'utf8');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.on('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('opening Caliper in a browser through a one-time address', () => {
  it('works in the browser without the token ever being on its command line, and only once', async () => {
    const token = new URL(printed).searchParams.get('token')!;
    expect(opened).not.toContain(token);
    expect(opened).toMatch(/\/\?code=/);
    const page = await browser!.newPage();
    await page.goto(opened);
    await expect.poll(() => page.locator('.app-title').textContent()).toMatch(/^Sample review/);
    await expect.poll(() => page.getByRole('listbox', { name: 'Studies' }).getByRole('option').count()).toBe(4);
    expect(page.url()).not.toContain('code=');
    // A second browser (or anyone who read the address) gets nothing from it.
    const other = await browser!.newContext();
    const second = await other.newPage();
    const response = await second.goto(opened);
    expect(response?.status()).toBe(401);
    await other.close();
  });
});
