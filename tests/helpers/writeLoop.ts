// Child process for the crash test: opens a review and adds studies as fast as it can, printing
// "ready" after the first commit, until it is killed.
import { Backend } from '../../electron/backend/backend';
import { createRouter } from '../../electron/backend/router';

const [dataDir, file] = process.argv.slice(2) as [string, string];
const backend = new Backend({ dataDir, host: 'web' });
const router = createRouter(backend);
await router.handle('review:open', { path: file });
for (let i = 0; ; i++) {
  const result = await router.handle('study:add', {
    title: `Study ${i}`,
    authors: [`Author ${i}`],
    year: 2000 + (i % 20),
    abstract: `Abstract ${i}: `.padEnd(4000, 'x'),
  });
  if (!result.ok) throw new Error(result.error.message);
  if (i === 0) process.stdout.write('ready\n');
}
