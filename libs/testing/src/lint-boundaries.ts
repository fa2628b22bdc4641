import { spawnSync } from 'child_process';
import { resolve } from 'path';

const WORKSPACE = resolve(import.meta.dirname, '../../..');
const ESLINT = resolve(WORKSPACE, 'node_modules/.bin/eslint');
const BOUNDARY_RULES = ['@nx/enforce-module-boundaries', 'no-restricted-imports'];

interface LintReport {
  messages: { ruleId: string | null; message: string; line: number }[];
}

/**
 * Lints `source` as if it were the file at `path` (relative to the workspace) and returns the
 * lines the module-boundary rules refuse. ESLint runs as its own process: its flat config is an
 * ES module, which Jest's VM cannot load.
 */
export function boundaryErrorLines(path: string, source: string): number[] {
  const run = spawnSync(
    ESLINT,
    ['--stdin', '--stdin-filename', resolve(WORKSPACE, path), '--format', 'json'],
    { cwd: WORKSPACE, input: source, encoding: 'utf8' },
  );
  const [report] = JSON.parse(run.stdout) as LintReport[];
  const lines = (report?.messages ?? [])
    .filter((m) => BOUNDARY_RULES.includes(m.ruleId ?? ''))
    .map((m) => m.line);
  return [...new Set(lines)];
}
