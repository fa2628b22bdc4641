import { canonicalJson, EMPTY_CHAIN, entryHash, GENESIS_HASH, sealEntry } from './audit-chain';
import type { AuditEntry, NewAuditEntry } from './audit-log';

const write: NewAuditEntry = {
  phase: 'outcome',
  who: { keyId: 'k1', keyName: 'ops' },
  action: 'tag.add',
  target: 'device:d1',
  request: { params: { tag: 'x', deviceId: 'd1' }, body: [1, { b: 2, a: null }] },
  status: 204,
};

describe('the audit chain', () => {
  it('serializes the same content to the same bytes whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 'é' }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":"é","z":1}]},"b":1}',
    );
  });

  it('hashes an entry over all its fields but the hash, its link included', () => {
    const first = sealEntry(write, EMPTY_CHAIN, { id: 'a1', at: '2026-11-21T09:00:00.000Z' });
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    const reordered = JSON.parse(
      JSON.stringify({
        ...first,
        request: { body: write.request['body'], params: { deviceId: 'd1', tag: 'x' } },
      }),
    ) as AuditEntry;
    expect(entryHash(reordered)).toBe(first.hash);
    const second = sealEntry(write, first, { id: 'a2', at: '2026-11-21T09:00:00.000Z' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(entryHash({ ...second, prevHash: GENESIS_HASH })).not.toBe(second.hash);
    expect(entryHash({ ...second, status: 500 })).not.toBe(second.hash);
  });
});
