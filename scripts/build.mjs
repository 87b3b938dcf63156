// `npm run build`: the renderer with Vite into dist/renderer, the Electron main process (ESM) and
// preload script (CommonJS, as sandboxed preloads require) with esbuild into dist/main and
// dist/preload, and the backend's SQL migrations and sample studies beside the main bundle.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p) => `${root}${p}`;

export async function buildAll({ quiet = false } = {}) {
  // Vite builds for production only when NODE_ENV says so.
  process.env.NODE_ENV = 'production';
  await viteBuild({ configFile: at('vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });

  rmSync(at('dist/main'), { recursive: true, force: true });
  rmSync(at('dist/preload'), { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    sourcemap: true,
    logLevel: quiet ? 'warning' : 'info',
    legalComments: 'none',
  };
  await esbuild({
    ...common,
    entryPoints: [at('electron/main/index.ts')],
    outfile: at('dist/main/index.mjs'),
    format: 'esm',
    // pdfjs-dist stays a package in node_modules: its in-thread worker is a separate module that
    // pdf.js imports at run time (electron/backend/importers/pdfjs.ts resolves it from there).
    external: ['electron', 'better-sqlite3', 'pdfjs-dist'],
    // Some dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __caliperCreateRequire } from 'node:module'; const require = __caliperCreateRequire(import.meta.url);",
    },
  });
  // The reference-file reading thread, found beside the main bundle (electron/backend/importers/thread.ts).
  await esbuild({
    ...common,
    entryPoints: [at('electron/backend/importers/referenceWorker.ts')],
    outfile: at('dist/main/referenceWorker.mjs'),
    format: 'esm',
    banner: {
      js: "import { createRequire as __caliperCreateRequire } from 'node:module'; const require = __caliperCreateRequire(import.meta.url);",
    },
  });
  await esbuild({
    ...common,
    entryPoints: [at('electron/preload/index.ts')],
    outfile: at('dist/preload/index.cjs'),
    format: 'cjs',
    external: ['electron'],
  });
  // The backend finds these relative to its own module (electron/backend/resources.ts).
  cpSync(at('electron/backend/db/migrations'), at('dist/main/db/migrations'), { recursive: true });
  cpSync(at('electron/backend/sample'), at('dist/main/sample'), { recursive: true });
  // The pdf.js thread's script, found beside the importer that starts it (electron/backend/importers/pdfjs.ts).
  cpSync(at('electron/backend/importers/pdfWorker.mjs'), at('dist/main/pdfWorker.mjs'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildAll();
}
