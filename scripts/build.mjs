// `npm run build`: the renderer with Vite into dist/renderer, the Electron main process (ESM) and
// preload script (CommonJS, as sandboxed preloads require) with esbuild into dist/main and
// dist/preload, the `caliper` command line (with the web host it serves) into dist/cli, and the
// backend's SQL migrations, sample studies and pdf.js thread script beside each Node bundle.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p) => `${root}${p}`;

const commonOptions = (quiet) => ({
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: quiet ? 'warning' : 'info',
  legalComments: 'none',
});

// Some dependencies call require(); give an ESM bundle one.
const requireBanner = {
  js: "import { createRequire as __caliperCreateRequire } from 'node:module'; const require = __caliperCreateRequire(import.meta.url);",
};

/** What the backend finds beside its bundle (electron/backend/resources.ts, importers/pdfjs.ts). */
function copyBackendResources(dir) {
  cpSync(at('electron/backend/db/migrations'), path.join(dir, 'db/migrations'), { recursive: true });
  cpSync(at('electron/backend/sample'), path.join(dir, 'sample'), { recursive: true });
  cpSync(at('electron/backend/importers/pdfWorker.mjs'), path.join(dir, 'pdfWorker.mjs'));
}

/** The file scripts/caliper.mjs compares with the sources to know whether the CLI build is current. */
export const cliInputsFile = at('dist/cli/inputs.json');
export const cliEntry = at('dist/cli/main.mjs');

/**
 * The `caliper` command line (and the web host `caliper serve` starts) as ESM: dist/cli/main.mjs
 * and the chunks each command loads, so a command starts in plain Node without compiling TypeScript. better-sqlite3 (a native module) and
 * pdfjs-dist (whose worker pdf.js imports at run time) stay in node_modules; Vite is loaded only
 * when `serve` has to build the interface first. Writes the list of source files it read, with the
 * build script itself, to dist/cli/inputs.json.
 */
export async function buildCli({ quiet = false, outDir = at('dist/cli') } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild({
    ...commonOptions(quiet),
    entryPoints: [at('electron/cli/main.ts')],
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    // Each command loads its code when it runs (electron/cli/commands/index.ts): one chunk each.
    splitting: true,
    // Chunks sit beside main.mjs: modules find files relative to themselves (paths.ts, resources.ts).
    chunkNames: '[name]-[hash]',
    format: 'esm',
    // exceljs stays a package in node_modules: its bundled archiver calls the deprecated Buffer(), which
    // Node warns about (on every XLSX export) only for code outside node_modules.
    external: ['better-sqlite3', 'pdfjs-dist', '@resvg/resvg-js', 'vite', 'exceljs'],
    banner: requireBanner,
    metafile: true,
  });
  // The reference-file reading thread, found beside the chunk that starts it (importers/thread.ts).
  const worker = await esbuild({
    ...commonOptions(quiet),
    entryPoints: [at('electron/backend/importers/referenceWorker.ts')],
    outfile: path.join(outDir, 'referenceWorker.mjs'),
    format: 'esm',
    banner: requireBanner,
    metafile: true,
  });
  copyBackendResources(outDir);
  const inputs = [
    ...new Set(
      [...Object.keys(result.metafile.inputs), ...Object.keys(worker.metafile.inputs)].filter(
        (file) => !file.includes('node_modules/'),
      ),
    ),
    'scripts/build.mjs',
    'package.json',
    'package-lock.json',
  ];
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
}

export async function buildAll({ quiet = false } = {}) {
  // Vite builds for production only when NODE_ENV says so.
  process.env.NODE_ENV = 'production';
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: at('vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });

  rmSync(at('dist/main'), { recursive: true, force: true });
  rmSync(at('dist/preload'), { recursive: true, force: true });
  const common = commonOptions(quiet);
  await esbuild({
    ...common,
    entryPoints: [at('electron/main/index.ts')],
    outfile: at('dist/main/index.mjs'),
    format: 'esm',
    // pdfjs-dist stays a package in node_modules: its in-thread worker is a separate module that
    // pdf.js imports at run time (electron/backend/importers/pdfjs.ts resolves it from there).
    external: ['electron', 'better-sqlite3', 'pdfjs-dist', '@resvg/resvg-js', 'exceljs'],
    banner: requireBanner,
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
  // The backend finds these relative to its own module (electron/backend/resources.ts), and the
  // pdf.js thread's script beside the importer that starts it (electron/backend/importers/pdfjs.ts).
  copyBackendResources(at('dist/main'));
  await buildCli({ quiet });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildAll();
}
