/**
 * Writes plain data (objects, arrays, strings, numbers, booleans, null) as block-style YAML.
 * Strings are written as JSON strings, which YAML reads back unchanged (JSON's escapes are a
 * subset of YAML's double-quoted ones); keys are bare only when YAML cannot read them as
 * anything but that string.
 */
const BARE_KEY = /^[A-Za-z_$][A-Za-z0-9_.$-]*$/;
/** Words YAML 1.1 readers turn into booleans or null. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

export function toYaml(value: unknown): string {
  return lines(value, 0).join('\n') + '\n';
}

function key(name: string): string {
  return BARE_KEY.test(name) && !RESERVED.test(name) ? name : JSON.stringify(name);
}

function scalar(value: unknown): string | null {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot write ${value} as YAML`);
    return String(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? '[]' : null;
  if (typeof value === 'object') return Object.keys(value).length === 0 ? '{}' : null;
  throw new TypeError(`cannot write a ${typeof value} as YAML`);
}

function lines(value: unknown, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const inline = scalar(value);
  if (inline !== null) return [pad + inline];
  if (Array.isArray(value)) {
    return value.flatMap((item: unknown) => {
      const itemInline = scalar(item);
      if (itemInline !== null) return [`${pad}- ${itemInline}`];
      // The item's first line goes on the dash; the rest keep the item's indentation.
      const [first = '', ...rest] = lines(item, depth + 1);
      return [`${pad}- ${first.trimStart()}`, ...rest];
    });
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([name, item]) => {
    const itemInline = scalar(item);
    if (itemInline !== null) return [`${pad}${key(name)}: ${itemInline}`];
    return [`${pad}${key(name)}:`, ...lines(item, depth + 1)];
  });
}
