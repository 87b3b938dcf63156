// The `caliper` command line as a user runs it: help, unknown commands, and `serve` printing its
// address first and serving the review until stopped.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { tempDir } from '../helpers/temp';

const cliMain = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      readStdin: async () => '',
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
    },
  };
}

describe('caliper CLI', () => {
  it('lists its commands with --help', async () => {
    const { out, io } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out.stdout).toMatch(/Commands:/);
    expect(out.stdout).toMatch(/^\s+serve\s+serve Caliper/m);
  });

  it('exits 2 naming an unknown command or option', async () => {
    const unknown = capture();
    expect(await runCli(['frobnicate'], unknown.io)).toBe(2);
    expect(unknown.out.stderr).toMatch(/unknown command "frobnicate"/);
    const badOption = capture();
    expect(await runCli(['serve', '--colour'], badOption.io)).toBe(2);
    expect(badOption.out.stderr).toMatch(/--colour/);
    const badPort = capture();
    expect(await runCli(['serve', '--port', 'eighty'], badPort.io)).toBe(2);
    expect(badPort.out.stderr).toMatch(/--port must be a number/);
  });

  it('serve prints the address with its token as the first line and serves the sample review', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', cliMain, 'serve', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('\n')) resolve(text.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{40,}$/);
      const url = new URL(firstLine);
      const response = await fetch(new URL('/api/study:list', url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Caliper-Token': url.searchParams.get('token')! },
        body: '{}',
      });
      const result = (await response.json()) as { ok: boolean; value: unknown[] };
      expect(result.ok).toBe(true);
      expect(result.value).toHaveLength(4);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
  });

  it('serve --open-browser gives the browser a one-time address, never the token', async () => {
    const dataDir = tempDir();
    // A stand-in for the system's "open this address" command (xdg-open here) that records its arguments.
    const bin = tempDir();
    const record = path.join(bin, 'opened.txt');
    const opener = path.join(bin, 'xdg-open');
    writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    chmodSync(opener, 0o755);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cliMain, 'serve', '--data-dir', dataDir, '--open-browser'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
      },
    );
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('\n')) resolve(text.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const token = new URL(printed).searchParams.get('token')!;
      for (let i = 0; i < 100 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 50));
      const opened = readFileSync(record, 'utf8').trim();
      expect(opened).not.toContain(token);
      expect(opened).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[A-Za-z0-9_-]{40,}$/);
      const first = await fetch(opened, { redirect: 'manual' });
      expect(first.status).toBe(303);
      expect(first.headers.get('set-cookie')).toContain(`=${token};`);
      expect((await fetch(opened, { redirect: 'manual' })).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
  });
});
