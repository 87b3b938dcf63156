// Reads the reference-file fixtures in tests/fixtures/references (bytes as on disk).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeText } from '../../../electron/backend/importers/decode';

export const REFERENCES_DIR = fileURLToPath(new URL('../../fixtures/references/', import.meta.url));

export function fixtureBytes(name: string): Buffer {
  return readFileSync(`${REFERENCES_DIR}${name}`);
}

export function fixtureText(name: string): string {
  return decodeText(fixtureBytes(name)).text;
}
