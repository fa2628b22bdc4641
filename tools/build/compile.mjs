// The compiler behind tools/build/build.mjs (see there): swc, one file at a time, following the
// imports from an app's main module.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseSync, transformFileSync } from '@swc/core';
import { MANIFEST } from './freshness.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const runtimePackages = new Set(Object.keys(packageJson.dependencies));
const builtins = new Set(builtinModules);

/** The options @swc-node/register derives from tsconfig.base.json, so built and loaded code agree. */
const swcOptions = {
  swcrc: false,
  configFile: false,
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    target: tsconfig.compilerOptions.target.toLowerCase(),
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    keepClassNames: true,
    baseUrl: root,
    paths: tsconfig.compilerOptions.paths,
  },
  // resolveFully: relative imports get their `.js` (or `/index.js`), as Node's ESM loader needs.
  module: { type: 'es6', resolveFully: true },
};

/**
 * Modules the code starts by path (child_process.fork), not by import: built whenever the module
 * that forks them is, beside it.
 */
const FORKED_BY = {
  'libs/cwmp/simulator/src/fleet/simulator-fleet.ts': [
    'libs/cwmp/simulator/src/fleet/shard-process.ts',
  ],
};

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The module specifiers the compiled code still imports (type-only imports are gone by then). */
function importsOf(code, source) {
  const specifiers = [];
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (
      ['ImportDeclaration', 'ExportAllDeclaration', 'ExportNamedDeclaration'].includes(node.type) &&
      node.source
    )
      specifiers.push(node.source.value);
    if (node.type === 'CallExpression' && node.callee?.type === 'Import') {
      const [argument] = node.arguments;
      if (argument?.expression.type === 'StringLiteral') specifiers.push(argument.expression.value);
      else
        throw new Error(`${relative(root, source)}: a computed dynamic import cannot be followed`);
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(parseSync(code, { syntax: 'ecmascript' }).body);
  return specifiers;
}

/** Compiles `entries` and everything they import into `outDir`; returns the sources it read. */
function compileGraph(entries, outDir) {
  const pending = entries.map((entry) => resolve(root, entry));
  const done = new Set();
  while (pending.length > 0) {
    const source = pending.pop();
    if (done.has(source)) continue;
    done.add(source);
    const { code, map } = transformFileSync(source, swcOptions);
    const target = join(outDir, relative(root, source)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    writeFileSync(`${target}.map`, map);
    for (const forked of FORKED_BY[relative(root, source)] ?? [])
      pending.push(resolve(root, forked));
    for (const specifier of importsOf(code, source)) {
      if (specifier.startsWith('.')) {
        pending.push(resolve(dirname(source), specifier).replace(/\.js$/, '.ts'));
      } else if (!builtins.has(specifier.replace(/^node:/, ''))) {
        const name = packageName(specifier);
        if (!runtimePackages.has(name))
          throw new Error(
            `${relative(root, source)} imports ${specifier}, which is not in package.json dependencies`,
          );
      }
    }
  }
  return [...done].map((source) => relative(root, source)).sort();
}

/** Builds `main` and what it imports into `outDir` (relative to the repository), main.js on top. */
export function build({ outDir, main }) {
  const started = performance.now();
  const finalDir = join(root, outDir);
  // Built aside and swapped in, so that a process starting meanwhile never sees half a build.
  const workDir = `${finalDir}.building-${process.pid}`;
  rmSync(workDir, { recursive: true, force: true });
  let sources;
  try {
    sources = compileGraph([main], workDir);
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  // The tree keeps the repository's layout; main.js at the top is what `node` is given.
  writeFileSync(join(workDir, 'main.js'), `import './${main.replace(/\.ts$/, '.js')}';\n`);
  // Without the repository's package.json above it (an image), .js must still mean ES module.
  writeFileSync(join(workDir, 'package.json'), '{ "type": "module" }\n');
  const inputs = [...sources, 'tsconfig.base.json', 'package.json', 'tools/build/compile.mjs'];
  writeFileSync(join(workDir, MANIFEST), `${JSON.stringify({ inputs }, null, 1)}\n`);
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(workDir, finalDir);
  const ms = Math.round(performance.now() - started);
  console.log(`build: ${outDir}/main.js (${sources.length} modules, ${ms} ms)`);
}
