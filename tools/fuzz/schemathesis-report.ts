/**
 * Reads what a schemathesis run found from its JSON run report (`--report json`), not from its
 * console, whose wording changes between versions. The report counts generated test cases and,
 * per failure code, the unique failures found.
 */

/** What one run, or several added up, found. */
export interface FuzzTally {
  /** Test cases generated and sent. */
  cases: number;
  /** 5xx answers (ST101; ST102 is a 5xx for an undeclared Content-Type). */
  serverErrors: number;
  /** Answers the document does not describe: body schema, status code or Content-Type. */
  schemaViolations: number;
  /** Test cases that could not run (network errors, schema the tool could not use). */
  errors: number;
}

/** not_a_server_error. */
const SERVER_ERROR_CODES = new Set(['ST101', 'ST102']);

/**
 * response_schema_conformance (ST108 body or header value against its schema, ST109 not JSON,
 * ST110 not readable as its Content-Type, ST111 unknown discriminator), status_code_conformance
 * (ST103), content_type_conformance (ST104 missing, ST105 undocumented, ST106 malformed).
 */
const SCHEMA_VIOLATION_CODES = new Set([
  'ST103',
  'ST104',
  'ST105',
  'ST106',
  'ST108',
  'ST109',
  'ST110',
  'ST111',
]);

export const NO_FINDINGS: FuzzTally = { cases: 0, serverErrors: 0, schemaViolations: 0, errors: 0 };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`schemathesis report: ${where} is not a count (${JSON.stringify(value)})`);
  }
  return value;
}

/**
 * The tally of one JSON run report. A failure code outside the checks the fuzz run selects
 * throws: counting it as neither would report zeros for a run that found something. So does an
 * unfinished run, unless the caller stopped it at its time budget.
 */
export function tallyOfReport(
  text: string,
  options: { stoppedAtBudget?: boolean } = {},
): FuzzTally {
  const report: unknown = JSON.parse(text);
  if (!isRecord(report) || !isRecord(report['test_cases']) || !Array.isArray(report['failures'])) {
    throw new Error('schemathesis report: no test_cases or failures (is this a JSON run report?)');
  }
  // A run stopped at its time budget reports what it sent until then; any other stop is a fault.
  if (report['complete'] !== true && !options.stoppedAtBudget) {
    throw new Error(
      `schemathesis report: the run did not complete (${String(report['stop_reason'])})`,
    );
  }
  const tally = {
    ...NO_FINDINGS,
    cases: count(report['test_cases']['generated'], 'test_cases.generated'),
    errors: count(report['test_cases']['errored'], 'test_cases.errored'),
  };
  for (const failure of report['failures'] as unknown[]) {
    if (!isRecord(failure) || typeof failure['code'] !== 'string') {
      throw new Error(`schemathesis report: a failure without a code: ${JSON.stringify(failure)}`);
    }
    const found = count(failure['count'], `failures[${failure['code']}].count`);
    if (SERVER_ERROR_CODES.has(failure['code'])) tally.serverErrors += found;
    else if (SCHEMA_VIOLATION_CODES.has(failure['code'])) tally.schemaViolations += found;
    else throw new Error(`schemathesis report: unexpected failure code ${failure['code']}`);
  }
  return tally;
}

export function addTallies(a: FuzzTally, b: FuzzTally): FuzzTally {
  return {
    cases: a.cases + b.cases,
    serverErrors: a.serverErrors + b.serverErrors,
    schemaViolations: a.schemaViolations + b.schemaViolations,
    errors: a.errors + b.errors,
  };
}

/** The floor: fewer cases than this is no evidence either way. */
export const MIN_FUZZ_CASES = 2_000;

/** The lines `npm run fuzz:nbi` prints last. */
export function tallyLines(tally: FuzzTally): string[] {
  return [
    `fuzz_cases ${tally.cases}`,
    `server_errors ${tally.serverErrors}`,
    `schema_violations ${tally.schemaViolations}`,
  ];
}
