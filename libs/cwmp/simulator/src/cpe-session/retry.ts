/**
 * TR-069 session retry (section 3.2.1.1): after the n-th consecutive failed session the CPE waits a
 * random time in [m·k^(n-1), m·k^n) seconds, where m is CWMPRetryMinimumWaitInterval (default 5)
 * and k is CWMPRetryIntervalMultiplier / 1000 (default 2000 → 2); from the 10th retry on the range
 * stays that of the 10th (5120-10240 s with the defaults).
 */
export function retryDelayMs(
  failures: number,
  minimumWaitSeconds = 5,
  intervalMultiplier = 2000,
  random: () => number = Math.random,
): number {
  const n = Math.min(Math.max(failures, 1), 10);
  const k = intervalMultiplier / 1000;
  const low = minimumWaitSeconds * k ** (n - 1);
  const high = minimumWaitSeconds * k ** n;
  return Math.round((low + (high - low) * random()) * 1000);
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
