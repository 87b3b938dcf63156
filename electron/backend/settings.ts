// App settings, kept outside review files: recent reviews, window bounds, the last reviewer chosen
// in each review. One JSON file in the data folder, validated on read and replaced atomically on
// write (temp file, fsync, rename). A damaged settings file is set aside, never fatal. A write that
// fails (a full disk) leaves the file and the settings in memory as they were, removes its temporary
// file and says why.
// Layer: electron/backend.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CaliperError } from '../../shared/contract/result';

const settingsSchema = z.object({
  recent: z.array(z.object({ path: z.string(), title: z.string(), openedAt: z.string() })).default([]),
  lastReviewPath: z.string().nullable().default(null),
  /** Review id -> reviewer id. */
  lastReviewerByReview: z.record(z.string(), z.string()).default({}),
  windowBounds: z
    .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), maximized: z.boolean() })
    .nullable()
    .default(null),
  sampleCreated: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

const MAX_RECENT = 10;

export class SettingsStore {
  readonly file: string;
  private value: Settings;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json');
    this.value = this.read();
  }

  get(): Readonly<Settings> {
    return this.value;
  }

  update(change: (draft: Settings) => void): void {
    const draft = structuredClone(this.value);
    change(draft);
    const next = settingsSchema.parse(draft);
    this.write(next);
    this.value = next;
  }

  rememberOpened(filePath: string, title: string): void {
    this.update((s) => {
      s.recent = [
        { path: filePath, title, openedAt: new Date().toISOString() },
        ...s.recent.filter((r) => r.path !== filePath),
      ].slice(0, MAX_RECENT);
      s.lastReviewPath = filePath;
    });
  }

  private read(): Settings {
    if (!existsSync(this.file)) return settingsSchema.parse({});
    try {
      return settingsSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      // Keep the damaged file for inspection and start from defaults.
      renameSync(this.file, `${this.file}.damaged-${Date.now()}`);
      return settingsSchema.parse({});
    }
  }

  private write(value: Settings): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const fd = openSync(temp, 'w');
      try {
        writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.file);
    } catch (error) {
      rmSync(temp, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOSPC' || code === 'EDQUOT'
          ? 'the disk is full'
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? 'the folder cannot be written'
            : (error as Error).message;
      throw new CaliperError('io', `Caliper could not save its settings (${this.file}): ${reason}.`);
    }
  }
}
