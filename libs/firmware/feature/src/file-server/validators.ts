import type { IncomingHttpHeaders } from 'node:http';
import type { StoredFile } from '@acs/firmware-data-access';

/** A strong validator that changes exactly when the content does: its SHA-256. */
export function entityTag(file: StoredFile): string {
  return `"${file.sha256}"`;
}

/** HTTP dates have whole seconds: comparisons use the stored time cut to the second. */
function lastModifiedMs(file: StoredFile): number {
  return Math.floor(file.storedAt.getTime() / 1000) * 1000;
}

export function lastModified(file: StoredFile): string {
  return new Date(lastModifiedMs(file)).toUTCString();
}

function opaqueTag(tag: string): string {
  const trimmed = tag.trim();
  return trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed;
}

/**
 * RFC 9110 §13.2.2 for GET and HEAD: If-None-Match decides when present (weak comparison, `*`
 * matches any file), and only otherwise If-Modified-Since. True means 304.
 */
export function isNotModified(headers: IncomingHttpHeaders, file: StoredFile): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    const current = entityTag(file);
    return noneMatch.split(',').some((tag) => tag.trim() === '*' || opaqueTag(tag) === current);
  }
  const since = headers['if-modified-since'];
  if (since === undefined) return false;
  const sinceMs = Date.parse(since);
  return !Number.isNaN(sinceMs) && lastModifiedMs(file) <= sinceMs;
}

/**
 * If-Range: a range is served only if the client's copy is still this file, by strong comparison
 * (a weak tag never matches) or by a date equal to Last-Modified; otherwise the whole file.
 */
export function rangeStillApplies(headers: IncomingHttpHeaders, file: StoredFile): boolean {
  const header = headers['if-range'];
  if (typeof header !== 'string') return true;
  const ifRange = header.trim();
  if (ifRange.startsWith('"')) return ifRange === entityTag(file);
  if (ifRange.startsWith('W/')) return false;
  return Date.parse(ifRange) === lastModifiedMs(file);
}
