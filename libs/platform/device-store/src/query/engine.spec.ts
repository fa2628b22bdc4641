import { DeviceSummary, StoredParameter } from '../device-store';
import { KeyTest, SortSpec, SortValue } from './cursor';
import { Candidate, CandidateSource, runFind } from './engine';
import { parameterRecord, project } from './projection';

/**
 * A source that applies no pushdown at all (as the Mongo adapter does with a parameter filter
 * too broad for its index): the engine must then decide every match with mingo.
 */
function naiveSource(
  devices: DeviceSummary[],
  parameters: Map<string, StoredParameter[]>,
  sort: SortSpec,
  calls: { candidates: number },
): CandidateSource<Candidate> {
  const value = (d: DeviceSummary, field: string): SortValue =>
    ((d as unknown as Record<string, SortValue>)[field] ?? null) as SortValue;
  const passes = (d: DeviceSummary, test: KeyTest): boolean => {
    const v = value(d, test.field);
    switch (test.test) {
      case 'null':
        return v === null;
      case 'notNull':
        return v !== null;
      case 'eq':
        return v === test.value;
      case 'gt':
        return v !== null && v > test.value;
      case 'ltOrNull':
        return v === null || v < test.value;
    }
  };
  const ordered = [...devices].sort((a, b) => {
    for (const [field, dir] of sort) {
      const [x, y] = [value(a, field), value(b, field)];
      if (x !== y) return (x === null || (y !== null && x < y) ? -1 : 1) * dir;
    }
    return 0;
  });
  return {
    appliesAllPushdowns: false,
    async candidates(after, offset, limit) {
      calls.candidates++;
      const kept = ordered.filter(
        (d) => !after || after.some((all) => all.every((t) => passes(d, t))),
      );
      return kept.slice(offset, offset + limit).map((summary) => ({ summary }));
    },
    async count() {
      throw new Error('count() must not be used when pushdowns were not all applied');
    },
    async parameterValues(candidates) {
      return new Map(
        candidates.map((c) => [c.summary.deviceId, parameters.get(c.summary.deviceId) ?? []]),
      );
    },
    async materialize(candidates, projection) {
      return candidates.map((c) =>
        project(
          { ...c.summary, parameters: parameterRecord(parameters.get(c.summary.deviceId) ?? []) },
          projection,
        ),
      );
    },
  };
}

const summary = (n: number): DeviceSummary => ({
  deviceId: `dev-${String(n).padStart(4, '0')}`,
  oui: 'OUI',
  productClass: n % 2 === 0 ? 'even' : 'odd',
  serialNumber: `SN${n}`,
  manufacturer: 'Acme',
  dataModelRoot: 'Device.',
  tags: [],
  firstSeen: 't',
  lastInform: `t${String(n % 7).padStart(2, '0')}`,
  online: true,
  connectionRequest: {},
});

describe('the query engine without pushdowns', () => {
  const devices = Array.from({ length: 1_000 }, (_, i) => summary(i));
  const parameters = new Map(
    devices.map((d, i) => [
      d.deviceId,
      [{ path: 'Device.X', object: false, value: i % 10 }] as StoredParameter[],
    ]),
  );
  const matching = devices.filter((_, i) => i % 2 === 0 && i % 10 === 4);

  it('decides every match with mingo, over chunks, and counts them', async () => {
    const calls = { candidates: 0 };
    const filter = { productClass: 'even', 'parameters.Device.X': 4 };
    const page = await runFind({ filter, limit: 30, skip: 10, withTotal: true }, async (_, sort) =>
      naiveSource(devices, parameters, sort, calls),
    );
    expect(page.devices.map((d) => d.deviceId)).toEqual(
      matching.slice(10, 40).map((d) => d.deviceId),
    );
    expect(page.total).toBe(matching.length);
    expect(calls.candidates).toBeGreaterThan(2);
  });

  it('pages with cursors under a sort with ties, every match exactly once', async () => {
    const filter = { 'parameters.Device.X': { $in: [4, 5] } };
    const sort = { lastInform: -1 } as const;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await runFind(
        { filter, sort, limit: 37, ...(cursor ? { cursor } : {}) },
        async (_, s) => naiveSource(devices, parameters, s, { candidates: 0 }),
      );
      seen.push(...page.devices.map((d) => d.deviceId));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = devices
      .filter((_, i) => i % 10 === 4 || i % 10 === 5)
      .sort((a, b) =>
        a.lastInform === b.lastInform
          ? a.deviceId < b.deviceId
            ? -1
            : 1
          : a.lastInform > b.lastInform
            ? -1
            : 1,
      )
      .map((d) => d.deviceId);
    expect(seen).toEqual(expected);
  });
});
