import type { ByteRange } from '@acs/firmware-data-access';

/**
 * What a Range header asks of a file of `size` bytes (RFC 9110 §14):
 * - `whole`: no range, one the server ignores (not `bytes`, malformed) or several ranges. A
 *   multi-range answer would be multipart/byteranges; CPE download clients ask for one range
 *   (resuming), and RFC 9110 lets a server answer any Range with the whole representation.
 * - `partial`: one satisfiable range, clamped to the file.
 * - `unsatisfiable`: one well-formed range wholly past the end (416).
 */
export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'partial'; range: ByteRange }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^(\d*)-(\d*)$/;

export function resolveByteRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const equals = header.indexOf('=');
  if (equals < 0 || header.slice(0, equals).trim().toLowerCase() !== 'bytes')
    return { kind: 'whole' };
  const specs = header.slice(equals + 1).split(',');
  if (specs.length !== 1) return { kind: 'whole' };
  const match = SINGLE_RANGE.exec((specs[0] ?? '').trim());
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // A suffix: the last n bytes, or the whole file when it is shorter than n.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - length), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end } };
}
