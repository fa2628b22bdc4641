/** Object paths (and the root) end with a dot; parameter names do not. */
export function isObjectPath(path: string): boolean {
  return path.endsWith('.');
}

/** True when `path` is `base` itself or lies under it (when `base` is an object path). */
export function isUnder(path: string, base: string): boolean {
  return isObjectPath(base) ? path.startsWith(base) : path === base;
}

/** True when `path` is one of `bases` or under one of them. */
export function isCoveredBy(path: string, bases: readonly string[]): boolean {
  return bases.some((base) => isUnder(path, base));
}

/** `Device.NAT.PortMapping.3.` for `Device.NAT.PortMapping.3.Enable` under `Device.NAT.PortMapping.`. */
export function instanceOf(path: string, table: string): string | undefined {
  if (!path.startsWith(table)) return undefined;
  const rest = path.slice(table.length);
  const dot = rest.indexOf('.');
  if (dot <= 0) return undefined;
  const segment = rest.slice(0, dot);
  return /^\d+$/.test(segment) ? `${table}${segment}.` : undefined;
}

/** The instance number of `Device.NAT.PortMapping.3.`. */
export function instanceNumber(instance: string): number {
  const segments = instance.split('.');
  return Number(segments[segments.length - 2]);
}
