/**
 * `npm run fuzz:nbi`: fuzzes the operator API from its own contract. It starts the all-in-one app
 * on a scratch data directory, lets a few simulated CPEs register (half the generated device ids
 * are theirs), makes a read-only key beside the admin key the app prints, and runs
 * schemathesis (pinned, installed into .cache/fuzz-venv from PyPI when missing) against
 * docs/openapi.json with each key: every answer must be a documented status with a documented
 * Content-Type and body, and never a 5xx. It prints, last, `fuzz_cases`, `server_errors` and
 * `schema_violations`, read from schemathesis's JSON run reports, and exits non-zero unless both
 * counts are 0 and at least 2,000 cases ran. A run past its time budget is stopped and what it
 * sent until then counts.
 *
 * Knobs: FUZZ_SEED (fixed by default, so a run can be repeated), FUZZ_EXAMPLES (examples per
 * operation and phase), FUZZ_BUDGET_S (time allowed per key), FUZZ_KEEP_REPORTS=1 (keep the
 * reports, JUnit included, and the app's log, and print where they are).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { configFromEnv } from '@acs/config';
import { freePort, OperatorApi, startServiceProcess } from '@acs/testing';
import { ensureSchemathesis, runSchemathesis } from './schemathesis';
import { seedDevices } from './seed-devices';
import {
  addTallies,
  MIN_FUZZ_CASES,
  NO_FINDINGS,
  tallyLines,
  type FuzzTally,
} from './schemathesis-report';

const ROOT = join(import.meta.dirname, '..', '..');
const FuzzSettings = Type.Object({
  seed: Type.Integer({ env: 'FUZZ_SEED', default: 15, minimum: 0 }),
  examples: Type.Integer({ env: 'FUZZ_EXAMPLES', default: 20, minimum: 1 }),
  budgetS: Type.Integer({ env: 'FUZZ_BUDGET_S', default: 270, minimum: 1 }),
  keepReports: Type.Boolean({ env: 'FUZZ_KEEP_REPORTS', default: false }),
});

/** The request budgets are not under test here: the fuzzer's pace must not meet 429 instead. */
const UNLIMITED_REQUESTS = {
  NBI_KEY_RATE_PER_S: '100000',
  NBI_KEY_RATE_BURST: '100000',
  NBI_ADDRESS_RATE_PER_S: '100000',
  NBI_ADDRESS_RATE_BURST: '100000',
};

async function main(): Promise<void> {
  const settings = configFromEnv(FuzzSettings);
  const cli = ensureSchemathesis(ROOT);
  const work = mkdtempSync(join(tmpdir(), 'fuzz-nbi-'));
  const nbiPort = await freePort();
  const cwmpPort = await freePort();
  const acs = await startServiceProcess({
    entry: 'apps/acs/src/main.ts',
    env: {
      ACS_DATA_DIR: join(work, 'data'),
      CWMP_HOST: '127.0.0.1',
      CWMP_PORT: String(cwmpPort),
      CWMP_OPS_PORT: String(await freePort()),
      NBI_HOST: '127.0.0.1',
      NBI_PORT: String(nbiPort),
      FIRMWARE_FILE_HOST: '127.0.0.1',
      FIRMWARE_FILE_PORT: String(await freePort()),
      ...UNLIMITED_REQUESTS,
    },
    ready: (output) => output.includes('ACS is running'),
  });
  let tally: FuzzTally = NO_FINDINGS;
  try {
    const adminKey = /Admin API key \(shown once, store it now\): (\S+)/.exec(acs.output())?.[1];
    if (!adminKey) throw new Error('the app printed no admin key');
    const origin = `http://127.0.0.1:${nbiPort}`;
    const admin = new OperatorApi(`${origin}/api/v1`, adminKey);
    const readOnly = await admin.expect<{ key: string }>(201, 'POST', '/api-keys', {
      name: 'fuzz read-only',
      role: 'read-only',
    });
    const deviceIds = await seedDevices(`http://127.0.0.1:${cwmpPort}/`, admin);
    // Read-only first: the admin run may revoke keys it finds in GET /api-keys.
    for (const [label, apiKey] of [
      ['read-only', readOnly.key],
      ['admin', adminKey],
    ] as const) {
      console.log(
        `fuzz: ${label} key, seed ${settings.seed}, ${settings.examples} examples per operation`,
      );
      const found = await runSchemathesis(cli, {
        label,
        apiKey,
        baseUrl: origin,
        openapiPath: join(ROOT, 'docs', 'openapi.json'),
        reportDir: join(work, 'reports', label),
        seed: settings.seed,
        examplesPerOperation: settings.examples,
        deviceIds,
        budgetMs: settings.budgetS * 1000,
      });
      console.log(`fuzz: ${label}: ${tallyLines(found).join(', ')}, errors ${found.errors}`);
      tally = addTallies(tally, found);
    }
  } finally {
    await acs.stop();
    if (settings.keepReports) {
      writeFileSync(join(work, 'acs.log'), acs.output());
      console.log(`fuzz: reports and the app's log (acs.log) in ${work}`);
    } else rmSync(work, { recursive: true, force: true });
  }
  if (tally.errors > 0) console.log(`fuzz: ${tally.errors} test cases could not run`);
  if (tally.cases < MIN_FUZZ_CASES) console.log(`fuzz: fewer than ${MIN_FUZZ_CASES} cases ran`);
  for (const line of tallyLines(tally)) console.log(line);
  const found = tally.serverErrors > 0 || tally.schemaViolations > 0 || tally.errors > 0;
  if (found || tally.cases < MIN_FUZZ_CASES) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(
    `fuzz:nbi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
});
