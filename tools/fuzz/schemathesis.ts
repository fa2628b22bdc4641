import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_TASK_WAIT_SECONDS } from '@acs/nbi';
import { spawnTracked } from '@acs/testing';
import { tallyOfReport, type FuzzTally } from './schemathesis-report';

/** Pinned: failure codes and report fields are read by code (schemathesis-report.ts). */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** The checks the run makes, as the pinned CLI names them. */
export const FUZZ_CHECKS = [
  'not_a_server_error',
  'response_schema_conformance',
  'status_code_conformance',
  'content_type_conformance',
];

/**
 * The CLI in a virtual environment of its own under `.cache/fuzz-venv` (git-ignored), installed
 * from PyPI at the pinned version when missing or at another version.
 */
export function ensureSchemathesis(root: string): string {
  const venv = join(root, '.cache', 'fuzz-venv');
  const cli = join(venv, 'bin', 'schemathesis');
  const installed = existsSync(cli)
    ? spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout.trim()
    : '';
  if (installed.endsWith(` ${SCHEMATHESIS_VERSION}`)) return cli;
  console.log(`fuzz: installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv}`);
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', venv]],
    [join(venv, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  }
  return cli;
}

export interface FuzzRun {
  /** A name for the run's report directory and its console lines (admin, read-only). */
  label: string;
  /** The API key sent as a bearer token with every request. */
  apiKey: string;
  /** The API's origin; the document's paths carry /api/v1 themselves. */
  baseUrl: string;
  openapiPath: string;
  reportDir: string;
  seed: number;
  examplesPerOperation: number;
  /** Ids of devices the app knows: half the generated deviceId path parameters are one of them. */
  deviceIds: string[];
  /**
   * The run's time budget. Not schemathesis's --max-time, which repeats fuzzing until the time is
   * spent (so even an idle machine's run would take all of it): past the budget the run is
   * stopped, and the cases it sent until then are counted.
   */
  budgetMs: number;
}

/**
 * One schemathesis run, its console passed through for a reader; the tally comes from its JSON
 * run report. A run that finds failures exits non-zero by design: the tally says what it found.
 */
export async function runSchemathesis(cli: string, run: FuzzRun): Promise<FuzzTally> {
  mkdirSync(run.reportDir, { recursive: true });
  const config = join(run.reportDir, 'schemathesis.toml');
  writeFileSync(
    config,
    [
      '[dictionaries.devices]',
      // JSON strings are TOML basic strings.
      `values = [${run.deviceIds.map((id) => JSON.stringify(id)).join(', ')}]`,
      '',
      '[parameters]',
      '"path.deviceId" = { dictionary = "devices", probability = 0.5 }',
      // A task created with ?wait on a known device is held open until the wait is up (120 s at
      // most, which the coverage phase asks for): always 1 s, or the run spends its budget waiting.
      '"query.wait" = 1',
      '',
    ].join('\n'),
  );
  const args = [
    '--config-file',
    config,
    'run',
    run.openapiPath,
    '--url',
    run.baseUrl,
    '--header',
    `Authorization: Bearer ${run.apiKey}`,
    // The key goes in the header above; generated X-API-Key values would only meet 401.
    '--generation-with-security-parameters',
    'false',
    '--checks',
    FUZZ_CHECKS.join(','),
    '--max-examples',
    String(run.examplesPerOperation),
    '--seed',
    String(run.seed),
    // Longer than the longest ?wait the API takes: a long poll is an answer, not a network error.
    '--request-timeout',
    String(MAX_TASK_WAIT_SECONDS + 10),
    '--generation-database',
    'none',
    // One worker: the machine's cores are shared with the app under test.
    '--workers',
    '1',
    '--no-color',
    '--report',
    'json,junit',
    '--report-dir',
    run.reportDir,
  ];
  const child = spawnTracked('schemathesis', () =>
    // In the report directory: schemathesis keeps its replay cache (.schemathesis) where it runs.
    spawn(cli, args, { cwd: run.reportDir, stdio: ['ignore', 'inherit', 'inherit'] }),
  );
  let overBudget = false;
  const budget = setTimeout(() => {
    overBudget = true;
    child.kill('SIGINT');
  }, run.budgetMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(budget);
  if (overBudget) {
    console.log(
      `fuzz: ${run.label}: stopped at its budget (${run.budgetMs / 1000} s); what it sent counts`,
    );
  }
  const report = readdirSync(run.reportDir).find((name) => /^json-.*\.json$/.test(name));
  if (!report) throw new Error(`schemathesis (${run.label}) wrote no JSON report (exit ${code})`);
  return tallyOfReport(readFileSync(join(run.reportDir, report), 'utf8'), {
    stoppedAtBudget: overBudget,
  });
}
