import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Emit the bundle as one classic (deferred) script instead of an ES module.
 * Module scripts and `crossorigin` stylesheets are fetched in CORS mode, which
 * browsers refuse for file:// pages, so dist/index.html would stay blank when
 * opened from disk (smoke tests, screenshots). Inside Tauri either form works.
 */
function classicEntryScript(): Plugin {
  return {
    name: 'briefdesk:classic-entry-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const out = html
          .replace(/<script type="module" crossorigin src="([^"]+)"><\/script>/g, '<script defer src="$1"></script>')
          .replace(/<link rel="stylesheet" crossorigin href="([^"]+)">/g, '<link rel="stylesheet" href="$1">');
        if (/type="module"|crossorigin|modulepreload/.test(out)) {
          throw new Error('classicEntryScript: unexpected tag left in index.html; update the plugin');
        }
        return out;
      },
    },
  };
}

export default defineConfig({
  // Relative asset URLs: Tauri serves dist/ from its own protocol.
  base: './',
  plugins: [svelte(), svelteTesting(), classicEntryScript()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // The Help menu bundles the guide (../docs/guide.md) as text.
    fs: { allow: ['.', '../docs'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: false,
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        format: 'iife',
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    mockReset: true,
    setupFiles: ['src/test/setup.ts'],
    // The default 5 s is tight when cargo shares the two cores.
    testTimeout: 20000,
  },
});
