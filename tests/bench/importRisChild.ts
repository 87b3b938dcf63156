// Run by the importRis benchmark in a process of its own, so its peak memory is the import's alone.
// `import FILE`: imports FILE the way `caliper import` does (preview then commit into a new review).
// `raw FILE`: the raw SQLite ceiling: the same records parsed, then inserted as one row each into a
// plain table in one transaction, no audit. Prints figures as one JSON line.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Backend } from '../../electron/backend/backend';
import { readReferences } from '../../electron/backend/importers';
import { importReferenceFile } from '../../electron/backend/services/importReferences';
import { createReview } from '../../electron/backend/services/review';

const [mode, file] = process.argv.slice(2) as [string, string];
const dir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-ris-'));
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Number(((used.user + used.system) / 1000).toFixed(1));
};
try {
  if (mode === 'raw') {
    const records = readReferences(readFileSync(file), path.basename(file)).records;
    const dbPath = path.join(dir, 'raw.db');
    const db = new Database(dbPath);
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE refs (id TEXT PRIMARY KEY, title TEXT, authors TEXT, year INTEGER, journal TEXT,
      volume TEXT, issue TEXT, pages TEXT, doi TEXT, pmid TEXT, url TEXT, keywords TEXT, abstract TEXT) STRICT`);
    const insert = db.prepare('INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const start = performance.now();
    const cpu = process.cpuUsage();
    db.transaction(() => {
      for (const r of records) {
        insert.run(
          crypto.randomUUID(),
          r.title,
          JSON.stringify(r.authors),
          r.year,
          r.journal,
          r.volume,
          r.issue,
          r.pages,
          r.doi,
          r.pmid,
          r.url,
          JSON.stringify(r.keywords),
          r.abstract,
        );
      }
    })();
    const figures = { insertMs: performance.now() - start, insertCpuMs: cpuMs(cpu) };
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    process.stdout.write(`${JSON.stringify({ ...figures, dbBytes: statSync(dbPath).size })}\n`);
  } else {
    const backend = new Backend({ dataDir: dir, host: 'web' });
    const review = path.join(dir, 'bench.caliper');
    createReview(backend.context(), { title: 'Bench', path: review }, { remember: false });
    const rssStart = process.memoryUsage().rss;
    const start = performance.now();
    const cpu = process.cpuUsage();
    // The commit alone (what the raw ceiling compares with): the write phase's CPU time, from its progress events.
    let commitCpu: NodeJS.CpuUsage | null = null;
    backend.events.subscribe((event, payload) => {
      if (event === 'import:progress' && (payload as { phase: string }).phase === 'writing')
        commitCpu ??= process.cpuUsage();
    });
    const result = await importReferenceFile(backend.context(), file, { onDuplicate: 'skip' });
    const figures = {
      importMs: performance.now() - start,
      importCpuMs: cpuMs(cpu),
      commitCpuMs: commitCpu ? cpuMs(commitCpu) : NaN,
    };
    backend.close();
    if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    process.stdout.write(
      `${JSON.stringify({
        ...figures,
        imported: result.imported,
        reviewBytes: statSync(review).size,
        rssStartMB: rssStart / 2 ** 20,
        peakRssMB: process.resourceUsage().maxRSS / 1024,
      })}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
