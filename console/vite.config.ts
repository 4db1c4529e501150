import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Built into dist/ and served by the gateway at /console/. No inline script (the gateway's CSP
 * forbids it) and no source maps shipped.
 */
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
});
