import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addTallies, tallyLines, tallyOfReport } from './schemathesis-report';

/** A JSON run report of the pinned schemathesis, trimmed, with failures of each kind added. */
const sample = readFileSync(
  join(import.meta.dirname, 'fixtures', 'schemathesis-report.json'),
  'utf8',
);

const withReport = (change: (report: Record<string, unknown>) => void): string => {
  const report = JSON.parse(sample) as Record<string, unknown>;
  change(report);
  return JSON.stringify(report);
};

describe('the fuzz run reads what schemathesis found from its JSON run report', () => {
  it('counts the generated cases, 5xx answers and answers the document does not describe', () => {
    // ST101 x2 (server errors); ST103 x4, ST108 x3, ST105 x1 (schema violations).
    expect(tallyOfReport(sample)).toEqual({
      cases: 5760,
      serverErrors: 2,
      schemaViolations: 8,
      errors: 1,
    });
  });

  it('adds the runs of both keys and prints the three lines last', () => {
    const one = tallyOfReport(sample);
    expect(tallyLines(addTallies(one, one))).toEqual([
      'fuzz_cases 11520',
      'server_errors 4',
      'schema_violations 16',
    ]);
  });

  it('reports zeros only for a run that found nothing', () => {
    const clean = withReport((report) => {
      report['failures'] = [];
      (report['test_cases'] as Record<string, unknown>)['errored'] = 0;
    });
    expect(tallyOfReport(clean)).toEqual({
      cases: 5760,
      serverErrors: 0,
      schemaViolations: 0,
      errors: 0,
    });
  });

  it('refuses a failure code outside the selected checks rather than count it as nothing', () => {
    const other = withReport((report) => {
      report['failures'] = [{ type: 'IgnoredAuth', code: 'ST401', count: 1 }];
    });
    expect(() => tallyOfReport(other)).toThrow('unexpected failure code ST401');
  });

  it('refuses an unfinished run, unless stopped at its budget, and a file that is no run report', () => {
    const interrupted = withReport((report) => {
      report['complete'] = false;
      report['stop_reason'] = 'interrupted';
    });
    expect(() => tallyOfReport(interrupted)).toThrow('did not complete (interrupted)');
    expect(tallyOfReport(interrupted, { stoppedAtBudget: true }).cases).toBe(5760);
    expect(() => tallyOfReport('{"events": []}')).toThrow('is this a JSON run report?');
  });
});
