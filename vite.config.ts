// Builds the renderer (React) into dist/renderer. Relative asset paths let the same build load from
// the app:// protocol in Electron and from the web host.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // No inline scripts or styles: the Content-Security-Policy allows only the app's own files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
