// The command list `caliper --help` prints without loading any command: each entry must load the
// command it names, with the summary it shows.
import { describe, expect, it } from 'vitest';
import { commands } from '../../../electron/cli/commands/index';

describe('caliper command list', () => {
  it('loads, for each name, the command of that name with the same summary', async () => {
    expect(commands.map((c) => c.name)).toEqual([
      'serve',
      'import',
      'reconcile',
      'merge',
      'pool',
      'analyse',
      'export',
      'convert',
      'parse',
    ]);
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toBe(entry.summary);
    }
  });
});
