// The MongoDB suites: every spec that calls useMongoServer() (it runs against the harness's
// FerretDB, or the server MONGODB_URI names) and every spec in a mongo/ folder (the Mongo
// adapters' own units and the FerretDB harness).
//
//   node tools/test/mongo-suites.mjs run [jest options]   runs only them, through the same Jest
//                                                          setup as npm test (shared servers:
//                                                          MongoDB, and Kafka if a suite uses it)
//   node tools/test/mongo-suites.mjs check <report.json>  checks them in a Jest --json report
//
// Both fail when a Mongo suite did not run, or any of its tests failed or was skipped: no
// MongoDB test is allowed to skip any more.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'tmp', 'coverage', '.git', '.nx']);

function specFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory())
      return SKIP_DIRS.has(entry.name) ? [] : specFiles(join(dir, entry.name));
    return entry.name.endsWith('.spec.ts') ? [join(dir, entry.name)] : [];
  });
}

function mongoSuites() {
  return ['apps', 'libs', 'tools']
    .flatMap((top) => specFiles(join(root, top)))
    .filter(
      (file) =>
        file.split(sep).includes('mongo') || readFileSync(file, 'utf8').includes('useMongoServer('),
    )
    .sort();
}

/** Prints the verdict; returns the exit status. */
function check(reportFile) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const results = new Map(report.testResults.map((suite) => [suite.name, suite]));
  const problems = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const suites = mongoSuites();
  for (const file of suites) {
    const name = relative(root, file);
    const suite = results.get(file);
    if (!suite) {
      problems.push(`${name}: did not run`);
      failed++;
      continue;
    }
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      problems.push(`${name}: failed to run: ${suite.message.split('\n').slice(0, 5).join(' ')}`);
      failed++;
    }
    for (const test of suite.assertionResults) {
      if (test.status === 'passed') passed++;
      else if (test.status === 'failed') {
        failed++;
        problems.push(`${name}: failed: ${test.fullName}`);
      } else {
        skipped++;
        problems.push(`${name}: ${test.status}: ${test.fullName}`);
      }
    }
  }
  for (const problem of problems) console.log(problem);
  console.log(
    `mongo tests: ${passed} passed, ${failed} failed, ${skipped} skipped (${suites.length} suites)`,
  );
  return problems.length === 0 && passed > 0 ? 0 : 1;
}

/**
 * The run's shared servers these suites use: the MongoDB one, and the Kafka cluster when a suite
 * attaches to it (a service's own suite reading session events from Kafka into MongoDB).
 */
function sharedServicesFor(suites) {
  const kafka = suites.some((file) => readFileSync(file, 'utf8').includes('useKafkaCluster('));
  return kafka ? 'mongo,kafka' : 'mongo';
}

function run(jestOptions) {
  const suites = mongoSuites();
  const dir = mkdtempSync(join(tmpdir(), 'test-mongo-'));
  const reportFile = join(dir, 'jest.json');
  try {
    const jest = spawnSync(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
        join(root, 'node_modules/jest/bin/jest.js'),
        '--forceExit',
        '--json',
        `--outputFile=${reportFile}`,
        ...jestOptions,
        '--runTestsByPath',
        ...suites,
      ],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, ACS_TEST_SHARED_SERVICES: sharedServicesFor(suites) },
      },
    );
    let status;
    try {
      status = check(reportFile);
    } catch (error) {
      console.log(`mongo tests: jest wrote no report (${error.message})`);
      status = 1;
    }
    return jest.status === 0 ? status : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'run') process.exitCode = run(rest);
else if (mode === 'check' && rest.length === 1) process.exitCode = check(rest[0]);
else {
  console.error('usage: mongo-suites.mjs run [jest options] | check <jest report.json>');
  process.exitCode = 2;
}
