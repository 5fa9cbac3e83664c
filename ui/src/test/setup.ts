import { configure } from '@testing-library/svelte';

// findBy*/waitFor give up after 1 s by default; on a loaded CI machine (two
// cores shared with cargo) a first render of the composer has taken longer.
// A real failure still fails, only later.
configure({ asyncUtilTimeout: 5000 });
