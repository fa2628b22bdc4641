/**
 * The figures a benchmark run records, and how two runs of the same phases (the store measured
 * and the embedded store, in one process) are printed side by side with their ratio.
 */

/** A figure's number(s) for the ratio; higher is better for rates, lower for latencies. */
export interface Measure {
  values: number[];
  better: 'higher' | 'lower';
}

export interface Figure {
  name: string;
  text: string;
  measure?: Measure;
}

export class Figures {
  readonly lines: Figure[] = [];

  record(name: string, text: string, measure?: Measure): void {
    this.lines.push({ name, text, ...(measure ? { measure } : {}) });
  }
}

/** `12,345` per second from a count and the milliseconds it took. */
export function rate(count: number, ms: number): { text: string; measure: Measure } {
  const perSecond = (count / ms) * 1000;
  const text = perSecond >= 10 ? Math.round(perSecond).toLocaleString('en') : perSecond.toFixed(2);
  return { text, measure: { values: [perSecond], better: 'higher' } };
}

/** The measured store's speed as a share of the embedded store's: below 1 is slower. */
function ratioOf(measured: Measure, embedded: Measure): string | undefined {
  if (measured.values.length !== embedded.values.length) return undefined;
  const ratios = measured.values.map((value, i) => {
    const base = embedded.values[i] as number;
    const ratio = measured.better === 'higher' ? value / base : base / value;
    return ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
  });
  return ratios.join(' / ');
}

export function printFigures(title: string, figures: Figures, embedded?: Figures): void {
  const width = Math.max(...figures.lines.map(({ name }) => name.length));
  const valueWidth = Math.max(...figures.lines.map(({ text }) => text.length));
  process.stdout.write(`\n${title}\n`);
  for (const { name, text, measure } of figures.lines) {
    let line = `${name.padEnd(width)}  ${text}`;
    const base = embedded?.lines.find((other) => other.name === name);
    if (base) {
      line = `${line.padEnd(width + 2 + valueWidth)}  | embedded ${base.text}`;
      const ratio = measure && base.measure ? ratioOf(measure, base.measure) : undefined;
      if (ratio !== undefined) line += ` | ratio ${ratio}`;
    }
    process.stdout.write(`${line}\n`);
  }
}
