import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const DASHBOARDS_DIR = join(REPO_ROOT, 'deploy/grafana/dashboards');

/** The parts of a Grafana dashboard the checks read. */
interface DashboardJson {
  uid: string;
  title: string;
  templating: { list: { name: string; query: { query: string } | string }[] };
  panels: { type: string; title: string; targets?: { expr: string; refId: string }[] }[];
}

export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

export interface Dashboard {
  file: string;
  uid: string;
  title: string;
  /** Template variable name → its query (label_values(...)). */
  variables: Map<string, string>;
  queries: PanelQuery[];
  /** Panels that are not rows, each with its queries. */
  panels: { title: string; queries: PanelQuery[] }[];
}

export function loadDashboards(dir = DASHBOARDS_DIR): Dashboard[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const json = JSON.parse(readFileSync(join(dir, name), 'utf8')) as DashboardJson;
      const panels = json.panels
        .filter((panel) => panel.type !== 'row')
        .map((panel) => ({
          title: panel.title,
          queries: (panel.targets ?? []).map((target) => ({
            dashboard: json.title,
            panel: panel.title,
            refId: target.refId,
            expr: target.expr,
          })),
        }));
      return {
        file: relative(REPO_ROOT, join(dir, name)),
        uid: json.uid,
        title: json.title,
        variables: new Map(
          json.templating.list.map((variable) => [
            variable.name,
            typeof variable.query === 'string' ? variable.query : variable.query.query,
          ]),
        ),
        queries: panels.flatMap((panel) => panel.queries),
        panels,
      };
    });
}

/**
 * A panel's query as Grafana sends it: each variable as the regex of its values (`.*` for All),
 * `$__rate_interval` as the given window.
 */
export function expandQuery(
  expr: string,
  values: Record<string, string>,
  rateInterval: string,
): string {
  return expr
    .replaceAll('$__rate_interval', rateInterval)
    .replace(/\$(\w+)/g, (whole, name: string) => values[name] ?? whole);
}

/** Words of PromQL that look like metric names but are not. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan', 'Inf', 'NaN']);

/**
 * The metric names a PromQL expression selects: identifiers outside strings, label matchers,
 * range windows and grouping clauses, that are not function calls or keywords. Enough for the
 * expressions of these dashboards and rules (no `{__name__=...}` selectors: the check refuses them).
 */
export function metricNamesOf(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.$:])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    const name = match[1] ?? '';
    if (!KEYWORDS.has(name)) names.add(name);
  }
  return [...names].sort();
}

/** Alert rules as written in the rules file: name, expression, labels and annotations. */
export interface AlertRule {
  alert: string;
  expr: string;
  /** `key: value` lines of the labels and annotations blocks (folded text joined by spaces). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * Reads the alert rules of a rules file written as deploy/prometheus/rules/acs-alerts.yml is:
 * block-literal or plain `expr`, flat labels, plain or folded annotations. promtool checks the
 * file itself; this reading serves the checks promtool does not make (runbooks, metric names).
 */
export function readAlertRules(text: string): AlertRule[] {
  const blocks = text.split(/^\s+- alert: /m).slice(1);
  return blocks.map((block) => {
    const lines = block.split('\n');
    const alert = (lines[0] ?? '').trim();
    const fieldIndent = (line: string) => line.length - line.trimStart().length;
    const section = (key: string): string[] => {
      const start = lines.findIndex((line) => line.trim().startsWith(`${key}:`));
      if (start < 0) return [];
      const indent = fieldIndent(lines[start] ?? '');
      const body: string[] = [lines[start] ?? ''];
      for (const line of lines.slice(start + 1)) {
        if (line.trim() !== '' && fieldIndent(line) <= indent) break;
        body.push(line);
      }
      return body;
    };
    const exprLines = section('expr');
    const inline = (exprLines[0] ?? '').replace(/^\s*expr:\s*/, '');
    const expr = (inline === '|' ? exprLines.slice(1).join('\n') : inline).trim();
    const mapping = (key: string): Record<string, string> => {
      const body = section(key).slice(1);
      const result: Record<string, string> = {};
      let current: string | undefined;
      const keyIndent = body[0] ? fieldIndent(body[0]) : 0;
      for (const line of body) {
        const entry = /^(\s*)(\w+):\s*(.*)$/.exec(line);
        if (entry && (entry[1] ?? '').length === keyIndent) {
          current = entry[2] ?? '';
          const value = (entry[3] ?? '').trim();
          result[current] =
            value === '>-' || value === '|' ? '' : value.replace(/^(["'])(.*)\1$/, '$2');
        } else if (current !== undefined && line.trim() !== '') {
          result[current] = `${result[current] ?? ''} ${line.trim()}`.trim();
        }
      }
      return result;
    };
    return { alert, expr, labels: mapping('labels'), annotations: mapping('annotations') };
  });
}

/** Where the code defines its metrics: every non-test TypeScript file of libs/ and apps/. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !/\.(spec|e2e-spec|bench)\.ts$/.test(entry.name))
      files.push(path);
  }
  return files;
}

/**
 * Every `acs_` metric name the code defines: literal names (`name: 'acs_...'`) and the names of
 * the shared classes (`acs_${service}_...` in ConsumerMetrics, StoreMetrics) for each service
 * they are built for (`new ConsumerMetrics(registry, 'inventory')`).
 */
export function definedAcsMetricNames(roots = ['libs', 'apps']): Set<string> {
  const files = roots.flatMap((root) => sourceFiles(join(REPO_ROOT, root)));
  const names = new Set<string>();
  const templated = new Map<string, string[]>();
  const services = new Map<string, Set<string>>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/name: '(acs_\w+)'/g)) names.add(match[1] ?? '');
    const owner = /export class (\w+)/.exec(text)?.[1];
    const suffixes = [...text.matchAll(/name: `acs_\$\{service\}_(\w+)`/g)].map((m) => m[1] ?? '');
    if (owner && suffixes.length > 0) templated.set(owner, suffixes);
    for (const match of text.matchAll(/new (\w+Metrics)\([^,()]+,\s*'(\w+)'\)/g)) {
      const [, cls = '', service = ''] = match;
      let set = services.get(cls);
      if (!set) services.set(cls, (set = new Set()));
      set.add(service);
    }
  }
  for (const [cls, suffixes] of templated) {
    for (const service of services.get(cls) ?? []) {
      for (const suffix of suffixes) names.add(`acs_${service}_${suffix}`);
    }
  }
  return names;
}

/** A histogram's or summary's series names (`_bucket`, `_sum`, `_count`) name their family. */
export function familyOf(name: string, defined: Set<string>): string | undefined {
  if (defined.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return defined.has(base) ? base : undefined;
}
