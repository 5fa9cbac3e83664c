// Shared by vite-plugin-svelte and svelte-check. Svelte 5 compiles the
// TypeScript in <script lang="ts"> itself, so no preprocessor is needed.
/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {};
