/**
 * check:dashboards — every Grafana panel and every alert rule, evaluated by a real Prometheus
 * against the running platform. Starts the scaled stack (gateway, inventory, provisioning and
 * firmware on a real Kafka cluster, Redis and FerretDB), a Prometheus built from the Go module
 * proxy scraping every ops port with the rule files loaded, drives simulated CPEs (periodic
 * informs), tasks through the operator API (some of them faulting), OSS commands on acs.commands,
 * a firmware campaign (the CPEs download the image from the file server) and forged downloads
 * (refused), then evaluates every panel's queries with the template variables expanded as
 * Grafana does, and every alert's expression.
 *
 * A panel has data when each of its queries returns a series with a number (not NaN). The last
 * lines are `dashboard_panels N`, `dashboard_panels_with_data N`, `alert_rules N`,
 * `alert_rules_valid N`; the exit code is non-zero when a panel has no data or a rule is unhealthy.
 *
 * Environment: CHECK_DEVICES (200), CHECK_WARMUP_S (75: longer than the 1m rate window),
 * CHECK_DASHBOARDS_DIR (deploy/grafana/dashboards; another directory to see the check fail).
 */
import { startCheckStack } from '../src/check-stack';
import { DASHBOARDS_DIR, expandQuery, loadDashboards } from '../src/dashboards';
import { startPrometheus, type PrometheusServer } from '../src/prometheus-server';
import { RULES_FILE } from '../src/prometheus';

const DEVICES = Number(process.env['CHECK_DEVICES'] ?? 200);
const WARMUP_S = Number(process.env['CHECK_WARMUP_S'] ?? 75);
const DASHBOARDS = process.env['CHECK_DASHBOARDS_DIR'] ?? DASHBOARDS_DIR;
const SCRAPE_INTERVAL = '2s';
/** What $__rate_interval stands for: wider than four scrapes, as Grafana makes it. */
const RATE_INTERVAL = '1m';

const log = (line: string) => console.log(`# ${line}`);
const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each variable as Grafana's "All" of its values: `(a|b)` over what its query finds. */
async function variableValues(
  prometheus: PrometheusServer,
  variables: Map<string, string>,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const [name, query] of variables) {
    const parsed = /^label_values\((.*),\s*(\w+)\)$/.exec(
      expandQuery(query, values, RATE_INTERVAL),
    );
    if (!parsed) throw new Error(`variable ${name}: not label_values(selector, label): ${query}`);
    const found = await prometheus.labelValues(parsed[2] ?? '', parsed[1] ?? '');
    if (found.length === 0) throw new Error(`variable ${name}: ${query} finds no value`);
    values[name] = `(${found.map(escapeRegex).join('|')})`;
  }
  return values;
}

async function main(): Promise<number> {
  const started = Date.now();
  const stack = await startCheckStack(log);
  let prometheus: PrometheusServer | undefined;
  try {
    prometheus = await startPrometheus({
      targets: stack.targets,
      ruleFiles: [RULES_FILE],
      scrapeInterval: SCRAPE_INTERVAL,
    });
    log(`prometheus at ${prometheus.url}, scraping ${stack.targets.length} targets`);
    await stack.drive(DEVICES);
    log(`driving ${DEVICES} CPEs, tasks, commands and downloads; waiting ${WARMUP_S} s`);
    await new Promise((resolve) => setTimeout(resolve, WARMUP_S * 1_000));
    log(`driven: ${JSON.stringify(stack.driven())}`);

    const up = await prometheus.query('up{job=~"acs.*"}');
    const down = up.filter((sample) => sample.value[1] !== '1');
    if (up.length !== stack.targets.length || down.length > 0) {
      throw new Error(`targets not all up: ${JSON.stringify(up)}`);
    }

    let panels = 0;
    let withData = 0;
    for (const dashboard of loadDashboards(DASHBOARDS)) {
      const values = await variableValues(prometheus, dashboard.variables);
      log(`${dashboard.title}: ${JSON.stringify(values)}`);
      for (const panel of dashboard.panels) {
        panels++;
        const empty: string[] = [];
        for (const query of panel.queries) {
          const result = await prometheus.query(expandQuery(query.expr, values, RATE_INTERVAL));
          const numbers = result.filter((sample) => !Number.isNaN(Number(sample.value[1])));
          if (numbers.length === 0)
            empty.push(`${query.refId} (${result.length} series, none a number)`);
        }
        if (panel.queries.length > 0 && empty.length === 0) withData++;
        else
          console.log(
            `NO DATA: ${dashboard.title} / ${panel.title}: ${empty.join(', ') || 'no query'}`,
          );
      }
    }

    let rules = 0;
    let valid = 0;
    for (const group of await prometheus.rules()) {
      for (const rule of group.rules) {
        if (rule.type !== 'alerting') continue;
        rules++;
        // The rule evaluated without error, and its expression answers through the query API.
        const answered = await prometheus.query(rule.query).then(
          () => true,
          (error: unknown) => {
            console.log(`RULE QUERY FAILED: ${rule.name}: ${String(error)}`);
            return false;
          },
        );
        if (rule.health === 'ok' && answered) valid++;
        else console.log(`RULE UNHEALTHY: ${rule.name}: ${rule.health} ${rule.lastError ?? ''}`);
      }
    }
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`dashboard_panels ${panels}`);
    console.log(`dashboard_panels_with_data ${withData}`);
    console.log(`alert_rules ${rules}`);
    console.log(`alert_rules_valid ${valid}`);
    return panels > 0 && withData === panels && rules > 0 && valid === rules ? 0 : 1;
  } finally {
    await prometheus?.stop();
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
