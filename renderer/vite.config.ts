import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The renderer is served from app://pos by the app's protocol handler (electron/app/protocol.ts; the e2e tests serve it
// through that same handler):
// relative asset URLs, no inlined data: assets, nothing fetched from a network.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: true,
    target: 'chrome130',
  },
});
