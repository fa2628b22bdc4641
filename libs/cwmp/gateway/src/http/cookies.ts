/**
 * Reads cookies as CPEs send them: pairs separated by `;` or `,` (both seen in fleets), blanks
 * around them, and the same name more than once (the last one wins, as the newest).
 */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(/[;,]/)) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    let value = pair.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    if (name) cookies.set(name, value);
  }
  return cookies;
}

export function setCookie(name: string, value: string, path: string): string {
  return `${name}=${value}; Path=${path}`;
}
