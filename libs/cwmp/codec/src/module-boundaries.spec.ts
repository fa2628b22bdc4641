import { spawnSync } from 'child_process';
import { resolve } from 'path';

const WORKSPACE = resolve(import.meta.dirname, '../../../..');
const ESLINT = resolve(WORKSPACE, 'node_modules/.bin/eslint');

interface LintReport {
  messages: { ruleId: string | null; message: string; line: number }[];
}

/**
 * The codec is a pure library: the lint configuration must refuse infrastructure imports in it.
 * ESLint runs as its own process (its flat config is an ES module, which Jest's VM cannot load).
 */
function boundaryErrors(source: string): number[] {
  const run = spawnSync(
    ESLINT,
    [
      '--stdin',
      '--stdin-filename',
      resolve(import.meta.dirname, 'boundary-probe.ts'),
      '--format',
      'json',
    ],
    {
      cwd: WORKSPACE,
      input: source,
      encoding: 'utf8',
    },
  );
  const [report] = JSON.parse(run.stdout) as LintReport[];
  const rules = ['@nx/enforce-module-boundaries', 'no-restricted-imports'];
  const lines = (report?.messages ?? [])
    .filter((m) => rules.includes(m.ruleId ?? ''))
    .map((m) => m.line);
  return [...new Set(lines)];
}

describe('module boundaries of the codec', () => {
  it('refuses imports of NestJS, Kafka, Redis and MongoDB clients, and of the test harness', () => {
    const source = ['kafkajs', 'ioredis', 'mongoose', '@nestjs/common', '@acs/testing']
      .map(
        (module, index) =>
          `import * as m${index} from '${module}';\nexport const p${index} = m${index};`,
      )
      .join('\n');
    // One import per odd line: every one of them is refused.
    expect(boundaryErrors(source)).toEqual([1, 3, 5, 7, 9]);
  }, 60_000);

  it('accepts libxmljs2', () => {
    expect(boundaryErrors(`import * as m from 'libxmljs2';\nexport const probe = m;\n`)).toEqual(
      [],
    );
  });
});
