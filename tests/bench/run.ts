// `npm run bench [-- NAME ...]`: runs the benchmark suites and merges their figures into
// tests/bench/results.json together with a description of the machine.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { suites } from './suites';

const resultsPath = new URL('./results.json', import.meta.url);
const wanted = process.argv.slice(2);
const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites;
if (wanted.length && selected.length !== wanted.length) {
  console.error(`Unknown suite. Suites: ${suites.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

interface Results {
  machine: Record<string, string | number>;
  suites: Record<string, { description: string; measuredAt: string; figures: Record<string, number | string> }>;
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

for (const suite of selected) {
  process.stderr.write(`bench: ${suite.name} ...\n`);
  const figures = await suite.run();
  previous.suites[suite.name] = { description: suite.description, measuredAt: new Date().toISOString(), figures };
  process.stderr.write(`${JSON.stringify(figures, null, 2)}\n`);
}
previous.machine = machine;
writeFileSync(resultsPath, `${JSON.stringify(previous, null, 2)}\n`);
process.stderr.write(`bench: figures written to tests/bench/results.json\n`);
