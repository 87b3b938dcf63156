// Where the backend finds the files it ships with: SQL migrations and the sample review's studies.
// In the source tree these sit beside this module; the Electron build copies them next to its
// bundle with the same relative paths (see scripts/build.mjs). Layer: electron/backend.
import { fileURLToPath } from 'node:url';

const here = new URL('.', import.meta.url);

export const resources = {
  migrationsDir: fileURLToPath(new URL('./db/migrations/', here)),
  sampleDir: fileURLToPath(new URL('./sample/', here)),
};
