// A review used by two processes, a review that cannot be written, and a full disk: a second
// process is told the review is open elsewhere (and writes nothing), a read-only review opens for
// reading and refuses edits clearly, and an open that cannot be remembered is refused whole.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir, testBackend } from '../helpers/temp';

const child = fileURLToPath(new URL('../helpers/reviewChild.ts', import.meta.url));
const cliMain = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));
const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const isRoot = process.getuid?.() === 0;
/** The unprivileged user a root test run drops to, so file modes apply. */
const NOBODY = 65534;

async function closedReview(dataDir = tempDir()): Promise<string> {
  const t = testBackend(dataDir);
  const { path: file } = (await t.call('review:create', { title: 'Shared' })) as { path: string };
  await t.call('study:add', { title: 'Trial A', authors: ['Smith J'], year: 2001, abstract: 'Deaths 4/123.' });
  t.backend.close();
  return file;
}

/** Runs reviewChild.ts to completion and returns its JSON answer. */
function runChild(args: string[], options: { uid?: number; gid?: number } = {}): Promise<Record<string, unknown>> {
  // An unprivileged child needs a temporary folder of its own to write to.
  const tmp = options.uid === undefined ? undefined : tempDir();
  if (tmp) chmodSync(tmp, 0o777);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: tmp ? { ...process.env, TMPDIR: tmp } : process.env,
      ...options,
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>);
      } catch {
        reject(new Error(`child exited ${code}: ${err}${out}`));
      }
    });
  });
}

describe('a review open in another process', () => {
  it('is refused with a clear answer, unchanged, and opens once the other process has gone', async () => {
    const file = await closedReview();
    const holder = spawn(process.execPath, ['--import', 'tsx', child, 'hold', tempDir(), file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const held = await new Promise<string>((resolve, reject) => {
        let out = '';
        holder.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out);
        });
        holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      expect(JSON.parse(held)).toMatchObject({ ok: true });
      const before = sha(file);
      const t = testBackend();
      const refused = await t.router.handle('review:open', { path: file });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'in_use', message: /"Shared\.caliper" is open in another Caliper window or command/ },
      });
      expect(await t.router.handle('review:current', {})).toEqual({ ok: true, value: null });
      expect(sha(file)).toBe(before);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.on('exit', r));
    }
    // The lock went with the process; what it left behind is checked and the review opens.
    const t = testBackend();
    expect(await t.router.handle('review:open', { path: file })).toMatchObject({ ok: true });
    t.backend.close();
  });

  it('refuses `caliper import` into a review open in this process, and the import writes nothing', async () => {
    const dataDir = tempDir();
    const file = await closedReview(dataDir);
    const t = testBackend();
    await t.call('review:open', { path: file });
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        cliMain,
        'import',
        '--data-dir',
        tempDir(),
        '--review',
        file,
        fixture('references/seeds.ris'),
      ],
      { encoding: 'utf8' },
    );
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/open in another Caliper window or command/);
    // Still open and whole here, with its one study.
    expect(((await t.call('study:list', {})) as unknown[]).length).toBe(1);
    await t.call('study:add', { title: 'Trial B', authors: [], abstract: 'x' });
    t.backend.close();
  });
});

describe('a review that cannot be written', () => {
  const cases: [string, (file: string) => void][] = [
    [
      'a read-only file',
      (file) => {
        chmodSync(path.dirname(file), 0o777);
        chmodSync(file, 0o444);
      },
    ],
    [
      'a file in a read-only folder',
      (file) => {
        if (isRoot) chownSync(file, NOBODY, NOBODY);
        chmodSync(file, 0o644);
        chmodSync(path.dirname(file), 0o555);
      },
    ],
  ];
  for (const [name, makeReadOnly] of cases) {
    it(`opens ${name} read-only, says so, refuses edits clearly and leaves nothing beside it`, async () => {
      const file = await closedReview();
      const dataDir = tempDir();
      for (const dir of [path.dirname(path.dirname(file)), path.dirname(path.dirname(path.dirname(file)))]) {
        chmodSync(dir, 0o755);
      }
      chmodSync(dataDir, 0o777);
      makeReadOnly(file);
      const before = sha(file);
      const listing = readdirSync(path.dirname(file)).sort();
      const answers = await runChild(['probe', dataDir, file], isRoot ? { uid: NOBODY, gid: NOBODY } : {});
      chmodSync(path.dirname(file), 0o755);
      expect(answers.open).toMatchObject({ ok: true, value: { readOnly: true, title: 'Shared' } });
      expect(answers.list).toMatchObject({ ok: true, value: [expect.objectContaining({ title: 'Trial A' })] });
      for (const edit of [answers.add, answers.reviewer]) {
        expect(edit).toMatchObject({
          ok: false,
          error: { code: 'read_only', message: /"Shared\.caliper" is read-only .*Save a copy/ },
        });
      }
      expect(answers.close).toEqual({ ok: true, value: null });
      expect(sha(file)).toBe(before);
      expect(readdirSync(path.dirname(file)).sort()).toEqual(listing);
    });
  }
});

/** True when this machine lets a test mount a small file system of its own (a user namespace). */
function canMountTmpfs(): boolean {
  const dir = tempDir();
  return spawnSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs '${dir}'`]).status === 0;
}

describe('opening a review on a full disk', () => {
  it('is refused whole: a clear error, the previous review still open, no settings temporary file left', async () => {
    const first = await closedReview();
    const second = await closedReview();
    const mount = tempDir();
    const dataDir = path.join(mount, 'data');
    let answers: Record<string, unknown>;
    if (canMountTmpfs()) {
      // A real full disk: a 512 KB file system holding the data folder, filled up.
      answers = await new Promise((resolve, reject) => {
        const proc = spawn(
          'unshare',
          [
            '-rm',
            'sh',
            '-c',
            `mount -t tmpfs -o size=512k tmpfs "$0" && exec "$1" --import tsx "$2" fullDisk "$3" "$4" "$5"`,
            mount,
            process.execPath,
            child,
            dataDir,
            first,
            second,
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        let err = '';
        proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
        proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
        proc.on('exit', (code) => {
          try {
            resolve(JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>);
          } catch {
            reject(new Error(`child exited ${code}: ${err}${out}`));
          }
        });
      });
    } else {
      // No user namespaces here: the kernel's always-full device stands in for the settings' temporary file.
      mkdirSync(dataDir);
      process.env.FULL_DISK_VIA_DEV_FULL = '1';
      try {
        answers = await runChild(['fullDisk', dataDir, first, second]);
      } finally {
        delete process.env.FULL_DISK_VIA_DEV_FULL;
      }
    }
    expect(answers.openFirst).toMatchObject({ ok: true });
    expect(answers.openSecond).toMatchObject({
      ok: false,
      error: { code: 'io', message: /disk is full.*"Shared\.caliper" was not opened/ },
    });
    expect(answers.current).toMatchObject({ ok: true, value: { path: first } });
    expect(answers.files).toEqual(['settings.json']);
    expect(existsSync(`${second}-wal`)).toBe(false);
  });
});
