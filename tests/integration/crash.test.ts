// The review file stays consistent when Caliper is killed in the middle of writing: every study that
// committed is whole (study, report, document, audit rows), and nothing half-written remains.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openReviewDb } from '../../electron/backend/db/open';
import { resources } from '../../electron/backend/resources';
import { testBackend } from '../helpers/temp';

const loop = fileURLToPath(new URL('../helpers/writeLoop.ts', import.meta.url));

describe('killed mid-write', () => {
  it('leaves a review that opens, passes its integrity check and holds only whole studies', async () => {
    const t = testBackend();
    const { path: file } = (await t.call('review:create', { title: 'Crash' })) as { path: string };
    t.backend.close();

    const child = spawn(process.execPath, ['--import', 'tsx', loop, t.dataDir, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));

    const db = openReviewDb(file, resources.migrationsDir);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const studies = count('SELECT count(*) n FROM studies');
    expect(studies).toBeGreaterThan(1);
    expect(count('SELECT count(*) n FROM reports')).toBe(studies);
    expect(count('SELECT count(*) n FROM documents')).toBe(studies);
    // Abstracts belong to their study through its report; study_documents holds attached files only.
    expect(count('SELECT count(*) n FROM reports WHERE abstract_sha256 IS NOT NULL')).toBe(studies);
    expect(count('SELECT count(*) n FROM study_documents')).toBe(0);
    expect(count("SELECT count(*) n FROM audit_log WHERE entity = 'study'")).toBe(studies);
    expect(count('SELECT count(*) n FROM reports r LEFT JOIN studies s ON s.id = r.study_id WHERE s.id IS NULL')).toBe(
      0,
    );
    db.close();
  });
});
