// Builds the renderer (React) into dist/renderer. Relative asset paths let the same build load from
// the app:// protocol in Electron and from the web host.
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [
    react(),
    {
      // pdf.js's standard fonts and CMaps, served from the app's own files (no network, strict CSP).
      name: 'caliper-pdfjs-data',
      writeBundle(options) {
        const pdfjs = fileURLToPath(new URL('./node_modules/pdfjs-dist/', import.meta.url));
        for (const dir of ['standard_fonts', 'cmaps'])
          cpSync(`${pdfjs}${dir}`, `${options.dir}/pdfjs/${dir}`, { recursive: true });
      },
    },
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // No inline scripts or styles: the Content-Security-Policy allows only the app's own files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
