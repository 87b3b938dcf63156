// `npm run bench [-- NAME ...]`: runs the benchmark suites, each in a fresh process of its own (so
// one suite's memory and JIT state cannot colour another's figures), and merges their figures into
// tests/bench/results.json together with a description of the machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suites } from './suites';

const resultsPath = new URL('./results.json', import.meta.url);

// In a suite's own process: run it and write its figures to the file the parent named.
if (process.argv[2] === '--suite') {
  const suite = suites.find((s) => s.name === process.argv[3]);
  if (!suite) throw new Error(`no suite ${process.argv[3]}`);
  const figures = await suite.run();
  writeFileSync(process.argv[4]!, JSON.stringify(figures));
  process.exit(0);
}

const wanted = process.argv.slice(2);
const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites;
if (wanted.length && selected.length !== wanted.length) {
  console.error(`Unknown suite. Suites: ${suites.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

interface Results {
  machine: Record<string, string | number>;
  suites: Record<
    string,
    { description: string; measuredAt: string; loadAverage: string; figures: Record<string, number | string> }
  >;
}

const previous: Results = existsSync(resultsPath)
  ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Results)
  : { machine: {}, suites: {} };

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
  node: process.version,
};

const out = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-run-'));
let failed = 0;
try {
  for (const suite of selected) {
    process.stderr.write(`bench: ${suite.name} ...\n`);
    const file = path.join(out, `${suite.name}.json`);
    // The machine is shared: the load while a suite ran says how far its wall times are from a quiet machine's.
    const loadBefore = os.loadavg()[0]!;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--suite', suite.name, file],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (child.status !== 0 || !existsSync(file)) {
      process.stderr.write(`bench: ${suite.name} failed (exit ${child.status ?? child.signal})\n`);
      failed++;
      continue;
    }
    const figures = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number | string>;
    previous.suites[suite.name] = {
      description: suite.description,
      measuredAt: new Date().toISOString(),
      loadAverage: `${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after (1-minute, ${os.cpus().length} cores)`,
      figures,
    };
    process.stderr.write(`${JSON.stringify(figures, null, 2)}\n`);
    previous.machine = machine;
    writeFileSync(resultsPath, `${JSON.stringify(previous, null, 2)}\n`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.stderr.write(`bench: figures written to tests/bench/results.json\n`);
if (failed) process.exit(1);
