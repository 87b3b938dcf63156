// App settings live outside review files, survive a restart, and a damaged settings file is set
// aside rather than stopping Caliper.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../electron/backend/settings';
import { tempDir } from '../../helpers/temp';

describe('settings', () => {
  it('remember recent reviews, most recent first, without duplicates, at most ten', () => {
    const dir = tempDir();
    const store = new SettingsStore(dir);
    for (let i = 0; i < 12; i++) store.rememberOpened(`/r/${i}.caliper`, `Review ${i}`);
    store.rememberOpened('/r/5.caliper', 'Review 5');
    const reread = new SettingsStore(dir).get();
    expect(reread.recent.map((r) => r.path)).toEqual([
      '/r/5.caliper',
      '/r/11.caliper',
      '/r/10.caliper',
      '/r/9.caliper',
      '/r/8.caliper',
      '/r/7.caliper',
      '/r/6.caliper',
      '/r/4.caliper',
      '/r/3.caliper',
      '/r/2.caliper',
    ]);
    expect(reread.lastReviewPath).toBe('/r/5.caliper');
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      lastReviewPath: '/r/5.caliper',
    });
  });

  it('set a damaged file aside and start from defaults', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), '{"recent": "not a list"');
    const store = new SettingsStore(dir);
    expect(store.get().recent).toEqual([]);
    expect(readdirSync(dir).some((f) => f.startsWith('settings.json.damaged-'))).toBe(true);
    store.update((s) => {
      s.sampleCreated = true;
    });
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(true);
    expect(new SettingsStore(dir).get().sampleCreated).toBe(true);
  });
});
