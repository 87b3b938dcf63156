// The electron-builder configuration, validated with electron-builder's own schema (building
// installers needs Electron's download, which this machine cannot make), and the icons it names.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the config is checked by electron-builder's own schema below
const config = JSON.parse(readFileSync(`${root}electron-builder.json`, 'utf8')) as Record<string, any>;

const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

function pngSize(file: string): [number, number] {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('packaging', () => {
  it('passes electron-builder’s schema', async () => {
    const { $schema: _schema, ...builderConfig } = config;
    await expect(validateConfiguration(builderConfig, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would be refused if it named an option electron-builder does not know', async () => {
    await expect(
      validateConfiguration({ ...config, $schema: undefined, appIdd: 'typo' }, new DebugLogger(false)),
    ).rejects.toThrow(/appIdd/);
  });

  it('names Caliper and builds AppImage and deb, nsis and dmg', () => {
    expect(config.productName).toBe('Caliper');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.npmRebuild).toBe(false);
  });

  it('packs the built app and points at an entry that the build produces', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.main).toBe('dist/main/index.mjs');
    expect(config.files).toContain('dist/main/**/*');
    expect(readFileSync(`${root}scripts/build.mjs`, 'utf8')).toContain("outfile: at('dist/main/index.mjs')");
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
  });

  it('flips Electron’s fuses: no Node mode, NODE_OPTIONS or inspector; app code only from a checked asar', async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The fuse names are checked by electron-builder's schema: a misspelt fuse is refused, not ignored.
    await expect(
      validateConfiguration(
        { ...config, $schema: undefined, electronFuses: { ...config.electronFuses, runAsNodee: false } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/electronFuses/);
  });

  it('has icons large enough for every platform', () => {
    expect(pngSize(`${root}build/icon.png`)).toEqual([1024, 1024]);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const file = `${root}build/icons/${size}x${size}.png`;
      expect(existsSync(file), file).toBe(true);
      expect(pngSize(file)).toEqual([size, size]);
    }
  });
});
