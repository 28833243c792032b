import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Run from the repository root: root and outDir are relative to it.
export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build is served over http by the browser shell and from a
  // custom scheme by the Electron shell.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
