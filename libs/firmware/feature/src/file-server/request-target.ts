import { assertFileId } from '@acs/firmware-data-access';
import { DOWNLOAD_PATH_PREFIX, isUploadId, UPLOAD_PATH_PREFIX } from '@acs/firmware-domain';

/** What a request names, judged from its raw request-target before anything is looked up. */
export type RequestTarget =
  | { kind: 'file'; fileId: string; query: URLSearchParams }
  | { kind: 'upload'; uploadId: string; query: URLSearchParams }
  /** Not a file or upload path: answered 404, so there is nothing to list. */
  | { kind: 'unknown' }
  /** A path trick (dot segments, encoded separators or NUL, double encoding): answered 400. */
  | { kind: 'invalid'; why: string };

const ENCODED_SEPARATOR = /%(2f|5c|00)/i;

function isFileId(text: string): boolean {
  try {
    assertFileId(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks each raw segment before decoding it once, so that no later decoding (ours, a proxy's,
 * a store's) can turn it into a separator or a parent reference: ids are plain [A-Za-z0-9._-],
 * so a legitimate URL never needs an encoded `/`, `\`, NUL or `%`.
 */
function decodedSegments(path: string): string[] | { why: string } {
  const segments: string[] = [];
  for (const raw of path.split('/').slice(1)) {
    if (ENCODED_SEPARATOR.test(raw)) return { why: 'encoded separator or NUL' };
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { why: 'malformed percent-encoding' };
    }
    if (/[\\\0%]/.test(segment)) return { why: 'backslash, NUL or double encoding' };
    if (segment === '.' || segment === '..') return { why: 'dot segment' };
    segments.push(segment);
  }
  return segments;
}

export function parseRequestTarget(target: string): RequestTarget {
  if (!target.startsWith('/')) return { kind: 'invalid', why: 'not an origin-form path' };
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));
  const segments = decodedSegments(path);
  if (!Array.isArray(segments)) return { kind: 'invalid', why: segments.why };
  if (segments.length !== 2) return { kind: 'unknown' };
  const [area, name] = segments as [string, string];
  if (`/${area}/` === DOWNLOAD_PATH_PREFIX && isFileId(name))
    return { kind: 'file', fileId: name, query };
  if (`/${area}/` === UPLOAD_PATH_PREFIX && isUploadId(name))
    return { kind: 'upload', uploadId: name, query };
  return { kind: 'unknown' };
}
