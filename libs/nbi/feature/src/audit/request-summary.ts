import type { NbiRequest } from '../http/nbi-request';

/**
 * What the audit log keeps of a request: path parameters, query and body, with secrets removed
 * and size bounded. Secrets are recognised two ways: by the field's name (`password`,
 * `credentials`, ...) and, in `{ name, value }` pairs such as SetParameterValues entries (or the
 * `{ path, value }` of a configuration's parameters), by the parameter's name (`...KeyPassphrase`,
 * `...ConnectionRequestPassword`, `...PreSharedKey`).
 */
export const REDACTED = '[redacted]';

const SECRET_FIELD = /pass(word|phrase)?$|secret|token|credential|authorization|api[-_]?key$/i;
const SECRET_PARAMETER = /pass(word|phrase)|presharedkey|wepkey|secret/i;

const LIMITS = { depth: 8, arrayItems: 50, stringLength: 512 };

function summarize(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length > LIMITS.stringLength
      ? `${value.slice(0, LIMITS.stringLength)}… (${value.length} characters)`
      : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= LIMITS.depth) return '[nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, LIMITS.arrayItems).map((item) => summarize(item, depth + 1));
    if (value.length > LIMITS.arrayItems) items.push(`… ${value.length - LIMITS.arrayItems} more`);
    return items;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const secretParameter = entries.some(
    ([key, v]) =>
      (key === 'name' || key === 'path') && typeof v === 'string' && SECRET_PARAMETER.test(v),
  );
  return Object.fromEntries(
    entries.map(([key, v]) => [
      key,
      SECRET_FIELD.test(key) || (secretParameter && key === 'value')
        ? REDACTED
        : summarize(v, depth + 1),
    ]),
  );
}

export function summarizeRequest(request: NbiRequest): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  if (Object.keys(request.params ?? {}).length > 0)
    summary['params'] = summarize(request.params, 0);
  if (Object.keys(request.query ?? {}).length > 0) summary['query'] = summarize(request.query, 0);
  if (request.body !== undefined) summary['body'] = summarize(request.body, 0);
  return summary;
}
