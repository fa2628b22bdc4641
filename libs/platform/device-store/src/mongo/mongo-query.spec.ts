import { Query } from 'mingo';
import { afterKey, normalizeSort, sortKeyOf, SortSpec } from '../query/cursor';
import { planFilter } from '../query/plan';
import { afterFilter, and, devicePushdown, parameterPushdown, sortOf } from './mongo-query';

// mingo implements MongoDB's query semantics: the Mongo filters the adapter sends are checked
// here by evaluating them over documents shaped like the devices collection.
const matches = (filter: Record<string, unknown>, docs: Record<string, unknown>[]) =>
  docs.filter((doc) => new Query(filter, {}).test(doc)).map((doc) => doc['_id']);

const docs: Record<string, unknown>[] = [
  { _id: 'a', productClass: 'X', lastBoot: '2026-01-02', online: true, tags: ['n'] },
  { _id: 'b', productClass: 'X', online: false, tags: [] },
  { _id: 'c', productClass: 'Y', lastBoot: '2026-01-01', online: true, tags: ['n', 'vip'] },
  { _id: 'd', productClass: 'Y', lastBoot: null, online: false, tags: ['s'] },
  { _id: 'e', productClass: 'X', lastBoot: '2026-01-02', online: true, tags: ['s'] },
];

/** MongoDB's order: missing and null lowest, then by the sort, then by _id. */
function ordered(spec: SortSpec): Record<string, unknown>[] {
  const key = (doc: Record<string, unknown>, field: string) =>
    doc[field === 'deviceId' ? '_id' : field] ?? null;
  return [...docs].sort((x, y) => {
    for (const [field, dir] of spec) {
      const [a, b] = [key(x, field), key(y, field)];
      if (a === b) continue;
      return (a === null || (b !== null && (a as string) < (b as string)) ? -1 : 1) * dir;
    }
    return 0;
  });
}

describe('mongo query translation', () => {
  it('selects exactly the documents after a cursor key, for every key and sort', () => {
    const sorts: SortSpec[] = [
      normalizeSort({ lastBoot: 1 }),
      normalizeSort({ lastBoot: -1 }),
      normalizeSort({ productClass: -1, lastBoot: 1 }),
      normalizeSort({ online: 1, deviceId: -1 }),
    ];
    for (const spec of sorts) {
      const inOrder = ordered(spec);
      inOrder.forEach((doc, i) => {
        const summaryLike = { ...doc, deviceId: doc['_id'] } as Record<string, unknown>;
        const filter = afterFilter(afterKey(spec, sortKeyOf(spec, summaryLike)));
        const expected = inOrder.slice(i + 1).map((d) => d['_id']);
        expect([spec, matches(filter, inOrder)]).toEqual([spec, expected]);
      });
    }
  });

  it('translates pushed-down fields and tags, deviceId as _id', () => {
    const plan = planFilter({
      deviceId: { $in: ['a', 'c', 'd'] },
      productClass: 'Y',
      tags: { $all: ['n', 'vip'] },
    });
    expect(plan.exact).toBe(true);
    const filter = and(
      plan.pushdowns.map((p) => devicePushdown(p as Parameters<typeof devicePushdown>[0])),
    );
    expect(matches(filter, docs)).toEqual(['c']);
    expect(sortOf(normalizeSort({ lastBoot: -1 }))).toEqual({ lastBoot: -1, _id: 1 });
  });

  it('filters a parameter value on the copy the device document carries, within its type', () => {
    const withValues = [
      { _id: 'v1', iv: { 'Device/DeviceInfo/SoftwareVersion': '1.0' } },
      { _id: 'v2', iv: { 'Device/DeviceInfo/SoftwareVersion': '2.0' } },
      { _id: 'v3', iv: { 'Device/DeviceInfo/SoftwareVersion': 3 } },
      { _id: 'v4', iv: {} },
      { _id: 'v5' },
    ];
    const filterOf = (filter: Record<string, unknown>) => {
      const [pushdown] = planFilter(filter).pushdowns;
      if (pushdown?.target !== 'parameter') throw new Error('expected a parameter pushdown');
      return parameterPushdown(pushdown);
    };
    const path = 'parameters.Device.DeviceInfo.SoftwareVersion';
    expect(matches(filterOf({ [path]: '2.0' }), withValues)).toEqual(['v2']);
    expect(matches(filterOf({ [path]: { $gte: '1.5' } }), withValues)).toEqual(['v2']);
    expect(matches(filterOf({ [path]: { $in: ['1.0', 3] } }), withValues)).toEqual(['v1', 'v3']);
  });
});
