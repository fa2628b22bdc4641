/** One metric family of a Prometheus text exposition, with every sample's labels. */
export interface ScrapedFamily {
  name: string;
  type: string;
  /** How many `# HELP` lines named it: more than one means two registries expose it. */
  helpLines: number;
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created'];

/**
 * Reads the Prometheus text format (0.0.4) as prom-client writes it: families by name, samples
 * (histogram buckets, sums and counts included) under the family that declared them.
 */
export function parseExposition(text: string): Map<string, ScrapedFamily> {
  const families = new Map<string, ScrapedFamily>();
  const family = (name: string) => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { name, type: 'untyped', helpLines: 0, samples: [] }));
    return found;
  };
  for (const line of text.split('\n')) {
    const comment = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (comment) {
      const [, kind, name = '', rest = ''] = comment;
      if (kind === 'HELP') family(name).helpLines++;
      else family(name).type = rest;
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) continue;
    const [, name = '', labelText = '', value = ''] = sample;
    const labels: Record<string, string> = {};
    for (const [, label = '', labelValue = ''] of labelText.matchAll(LABEL))
      labels[label] = labelValue;
    const suffix = SUFFIXES.find((each) => name.endsWith(each));
    const owner =
      families.get(name) ??
      (suffix ? families.get(name.slice(0, -suffix.length)) : undefined) ??
      family(name);
    owner.samples.push({ name, labels, value: Number(value) });
  }
  return families;
}

/** GETs a service's /metrics and parses it; throws unless it answers 200. */
export async function scrapeMetrics(opsUrl: string): Promise<Map<string, ScrapedFamily>> {
  const response = await fetch(`${opsUrl}/metrics`);
  if (response.status !== 200) throw new Error(`${opsUrl}/metrics answered ${response.status}`);
  return parseExposition(await response.text());
}

/**
 * The cardinality guard: every label of every family whose name starts with `prefix` that has
 * more than `maxValues` distinct values, or a value `forbidden` matches (a device id, serial, IP).
 * Empty when the exposition is safe to scrape at fleet scale.
 */
export function cardinalityProblems(
  families: Map<string, ScrapedFamily>,
  options: { prefix: string; maxValues: number; forbidden: RegExp[] },
): string[] {
  const problems: string[] = [];
  for (const family of families.values()) {
    if (!family.name.startsWith(options.prefix)) continue;
    const values = new Map<string, Set<string>>();
    for (const sample of family.samples) {
      for (const [label, value] of Object.entries(sample.labels)) {
        if (label === 'le') continue;
        let seen = values.get(label);
        if (!seen) values.set(label, (seen = new Set()));
        seen.add(value);
      }
    }
    for (const [label, seen] of values) {
      if (seen.size > options.maxValues)
        problems.push(`${family.name}{${label}} has ${seen.size} distinct values`);
      for (const value of seen) {
        const pattern = options.forbidden.find((each) => each.test(value));
        if (pattern) problems.push(`${family.name}{${label}="${value}"} matches ${pattern}`);
      }
    }
  }
  return problems;
}
