// Builds apps to plain JavaScript: `node tools/build/build.mjs <app>...`
// writes dist/apps/<app>/main.js (run it with `node`, no TypeScript loader) and beside it every
// module it imports, compiled file by file with swc (the compiler the loader already uses, with
// the same legacy decorators and decorator metadata that NestJS dependency injection reads) in the
// repository's own layout, so that paths built from import.meta.dirname still resolve. npm
// packages stay imports (native modules cannot be bundled); the build fails if one is not in
// package.json's `dependencies`, since the images install nothing else.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIsFresh } from './freshness.mjs';

const root = resolve(import.meta.dirname, '..', '..');

const USAGE = `usage: node tools/build/build.mjs [--if-stale] <app>...
         (apps/<app>/src/main.ts into dist/apps/<app>)
       node tools/build/build.mjs [--if-stale] --main <module.ts> --out <dir>`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    main: { type: 'string' },
    out: { type: 'string' },
    'if-stale': { type: 'boolean', default: false },
  },
});
const targets = positionals.map((app) => ({
  outDir: join('dist', 'apps', app),
  main: join('apps', app, 'src', 'main.ts'),
}));
if (values.main && values.out) targets.push({ outDir: values.out, main: values.main });
if (targets.length === 0 || Boolean(values.main) !== Boolean(values.out)) {
  console.error(USAGE);
  process.exit(2);
}
const stale = targets.filter((target) => !values['if-stale'] || !buildIsFresh(root, target.outDir));
// Only a build loads swc: a check that finds every build fresh costs a Node start and a stat
// per source.
if (stale.length > 0) {
  const { build } = await import('./compile.mjs');
  for (const target of stale) build(target);
}
