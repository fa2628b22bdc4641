import { resolveByteRange } from './byte-range';

describe('resolveByteRange', () => {
  const size = 1000;
  const partial = (start: number, end: number) => ({ kind: 'partial', range: { start, end } });

  it('reads the three single-range forms, clamped to the file', () => {
    expect(resolveByteRange('bytes=0-99', size)).toEqual(partial(0, 99));
    expect(resolveByteRange('bytes=900-', size)).toEqual(partial(900, 999));
    expect(resolveByteRange('bytes=-100', size)).toEqual(partial(900, 999));
    expect(resolveByteRange('bytes=990-5000', size)).toEqual(partial(990, 999));
    expect(resolveByteRange('bytes=-5000', size)).toEqual(partial(0, 999));
    expect(resolveByteRange('Bytes = 5-5', size)).toEqual(partial(5, 5));
  });

  it('calls a range wholly past the end unsatisfiable', () => {
    for (const header of ['bytes=1000-', 'bytes=1000-2000', 'bytes=-0'])
      expect(resolveByteRange(header, size)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveByteRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('answers the whole file for no range, several ranges, other units or malformed ones', () => {
    for (const header of [
      undefined,
      'bytes=0-1,5-6',
      'items=0-1',
      'bytes=5-1',
      'bytes=-',
      'bytes=a-b',
      'bytes 0-1',
    ])
      expect(resolveByteRange(header, size)).toEqual({ kind: 'whole' });
  });
});
