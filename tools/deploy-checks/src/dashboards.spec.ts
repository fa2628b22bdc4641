import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processMetricsRegistry } from '@acs/observability';
import {
  definedAcsMetricNames,
  expandQuery,
  familyOf,
  loadDashboards,
  metricNamesOf,
  readAlertRules,
  REPO_ROOT,
} from './dashboards';
import { promtool, RULE_TESTS_DIR, RULES_FILE } from './prometheus';

/**
 * Metrics the dashboards or rules name before the code defines them, each with who brings it.
 * The test fails once one is defined, so the list cannot outlive its reason.
 */
const ANNOUNCED = new Map<string, string>();

const RUNBOOK = 'https://github.com/acs-platform/acs/blob/main/docs/operations.md#';

/** GitHub's anchor for a Markdown heading. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

describe('dashboards and alert rules (deploy/grafana, deploy/prometheus)', () => {
  const dashboards = loadDashboards();
  const rulesText = readFileSync(RULES_FILE, 'utf8');
  const alerts = readAlertRules(rulesText);
  const defined = definedAcsMetricNames();
  const processNames = new Set(
    processMetricsRegistry()
      .getMetricsAsArray()
      .map((metric) => metric.name),
  );
  const known = (name: string) =>
    name === 'up' ||
    familyOf(name, defined) !== undefined ||
    familyOf(name, processNames) !== undefined ||
    ANNOUNCED.has(name);

  it('reads every dashboard, panel query and alert (the checks below are not vacuous)', () => {
    expect(dashboards.map((d) => d.file)).toHaveLength(5);
    expect(dashboards.flatMap((d) => d.queries).length).toBeGreaterThan(50);
    expect(alerts.map((a) => a.alert)).toHaveLength(9);
    expect(defined.size).toBeGreaterThan(30);
    expect(defined).toContain('acs_inventory_kafka_consumer_lag_messages');
    expect(processNames).toContain('nodejs_eventloop_lag_p99_seconds');
  });

  it('names only metrics the code defines, in every panel and alert', () => {
    const unknown = [
      ...dashboards.flatMap((d) =>
        d.queries.map((q) => ({ where: `${d.title} / ${q.panel}`, expr: q.expr })),
      ),
      ...alerts.map((a) => ({ where: a.alert, expr: a.expr })),
    ].flatMap(({ where, expr }) => {
      const names = metricNamesOf(expr);
      // A query without a metric name would escape this check (e.g. {__name__=~...}).
      if (names.length === 0) return [`${where}: no metric name in ${expr}`];
      return names.filter((name) => !known(name)).map((name) => `${where}: ${name}`);
    });
    expect(unknown).toEqual([]);
  });

  it('finds a misspelt or renamed metric (the name check can fail)', () => {
    expect(metricNamesOf('sum by (le) (rate(acs_gateway_sesions_total{a="b"}[5m])) / up')).toEqual([
      'acs_gateway_sesions_total',
      'up',
    ]);
    expect(known('acs_gateway_sesions_total')).toBe(false);
    expect(known('acs_gateway_session_duration_seconds_bucket')).toBe(true);
  });

  it('keeps announced metrics only until the code defines them', () => {
    for (const name of ANNOUNCED.keys())
      expect({ name, defined: defined.has(name) }).toEqual({ name, defined: false });
  });

  it('filters every panel by namespace, and offers the namespace and pod variables', () => {
    for (const dashboard of dashboards) {
      expect({ file: dashboard.file, namespace: dashboard.variables.get('namespace') }).toEqual({
        file: dashboard.file,
        namespace: 'label_values(up{job=~"acs.*"}, namespace)',
      });
      for (const query of dashboard.queries)
        expect(query.expr).toContain('namespace=~"$namespace"');
      // The per-service dashboards filter by pod too; the fleet overview spans every pod.
      if (dashboard.variables.has('pod')) {
        for (const query of dashboard.queries) expect(query.expr).toContain('pod=~"$pod"');
      }
    }
    const uids = dashboards.map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(dashboards.filter((d) => d.variables.has('pod'))).toHaveLength(4);
  });

  it('gives every alert a severity, a summary, a description and a runbook that exists', () => {
    const operations = readFileSync(join(REPO_ROOT, 'docs/operations.md'), 'utf8');
    const anchors = new Set(
      [...operations.matchAll(/^#+ (.+)$/gm)].map((match) => anchorOf(match[1] ?? '')),
    );
    for (const alert of alerts) {
      expect({ alert: alert.alert, severity: alert.labels['severity'] }).toEqual({
        alert: alert.alert,
        severity: expect.stringMatching(/^(warning|critical)$/),
      });
      expect(alert.annotations['summary']).toBeTruthy();
      expect(alert.annotations['description']).toBeTruthy();
      const runbook = alert.annotations['runbook_url'] ?? '';
      expect(runbook).toBe(`${RUNBOOK}${alert.alert.toLowerCase()}`);
      expect({
        alert: alert.alert,
        documented: anchors.has(runbook.slice(RUNBOOK.length)),
      }).toEqual({
        alert: alert.alert,
        documented: true,
      });
    }
  });

  it('has unit tests for every alert, and promtool passes the rules and their tests', async () => {
    const tests = readdirSync(RULE_TESTS_DIR).filter((name) => name.endsWith('.yml'));
    const tested = new Set(
      tests.flatMap((name) =>
        [...readFileSync(join(RULE_TESTS_DIR, name), 'utf8').matchAll(/alertname: (\w+)/g)].map(
          (match) => match[1],
        ),
      ),
    );
    expect(alerts.map((a) => a.alert).filter((name) => !tested.has(name))).toEqual([]);
    await expect(promtool(['check', 'rules', RULES_FILE])).resolves.toMatch(
      /SUCCESS: 9 rules found/,
    );
    const output = await promtool([
      'test',
      'rules',
      ...tests.map((name) => join(RULE_TESTS_DIR, name)),
    ]);
    expect(output).not.toMatch(/FAILED/);
    expect(output.match(/SUCCESS/g)).toHaveLength(tests.length);
  }, 900_000);

  it('fails a rule unit test whose expectation is wrong (promtool test rules can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule-test-'));
    try {
      const wrong = readFileSync(join(RULE_TESTS_DIR, 'tasks.yml'), 'utf8')
        .replace('../acs-alerts.yml', RULES_FILE)
        .replace('20% of the tasks', '25% of the tasks');
      writeFileSync(join(dir, 'wrong.yml'), wrong);
      await expect(promtool(['test', 'rules', join(dir, 'wrong.yml')])).rejects.toThrow(/FAILED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);

  it('parses every panel query, variables expanded as Grafana does', async () => {
    // Each query as a recording rule: promtool check rules parses its PromQL.
    const queries = dashboards.flatMap((d) => d.queries);
    const rules = queries
      .map((query, index) => {
        const expr = expandQuery(query.expr, { namespace: '.*', pod: '.*' }, '2m');
        return `      - record: panel:query_${index}\n        expr: ${JSON.stringify(expr)}\n`;
      })
      .join('');
    const dir = mkdtempSync(join(tmpdir(), 'panel-queries-'));
    try {
      const file = join(dir, 'panels.yml');
      writeFileSync(file, `groups:\n  - name: panels\n    rules:\n${rules}`);
      await expect(promtool(['check', 'rules', file])).resolves.toMatch(
        new RegExp(`SUCCESS: ${queries.length} rules found`),
      );
      writeFileSync(
        file,
        `groups:\n  - name: panels\n    rules:\n      - record: panel:broken\n        expr: "sum(rate(x[5m]) by"\n`,
      );
      await expect(promtool(['check', 'rules', file])).rejects.toThrow(/parse error/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
