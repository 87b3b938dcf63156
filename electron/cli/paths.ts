// Paths and facts of the source checkout the CLI runs from. Layer: electron/cli.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const rendererBuildDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export function caliperVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
