import { DeviceFilter, DeviceQuery, DeviceStore } from '../device-store';
import { InvalidFilterError } from '../query-filter';
import { ContractContext, ids } from './fixtures';
import { describeFleet, FleetDevice, nthDevice, seedFleet } from './fleet';

type Key = 'lastBoot' | 'lastInform' | 'productClass' | 'deviceId' | 'online';

/** The fleet in MongoDB's order for this sort: missing values lowest, ties by deviceId. */
function sorted(
  fleet: readonly FleetDevice[],
  sort: [Key, 1 | -1][],
  keep = (_: FleetDevice) => true,
): string[] {
  const compare = (a: FleetDevice, b: FleetDevice): number => {
    for (const [field, dir] of [...sort, ['deviceId', 1] as [Key, 1]]) {
      const x = a[field] ?? null;
      const y = b[field] ?? null;
      if (x === y) continue;
      const less = x === null || (y !== null && x < y);
      return (less ? -1 : 1) * dir;
    }
    return 0;
  };
  return fleet
    .filter(keep)
    .sort(compare)
    .map((d) => d.deviceId);
}

/** Projection, sort, skip, limit, total and cursor paging. */
export function pagingContract(ctx: ContractContext): void {
  let fleet: FleetDevice[] = [];
  let store: DeviceStore;
  beforeEach(async () => {
    store = ctx.store();
    fleet = describeFleet();
    await seedFleet(store, fleet);
  });

  it('returns whole devices, or only the projected fields and parameter subtrees', async () => {
    const { deviceId, serialNumber } = nthDevice(fleet, 1);
    const whole = await store.find({ filter: { deviceId }, limit: 5 });
    expect(whole.devices).toEqual([await store.get(deviceId)]);

    const page = await store.find({
      filter: { deviceId },
      projection: ['serialNumber', 'parameters.Device.WiFi.'],
      limit: 5,
    });
    const wifi = (await store.get(deviceId, { subtree: 'Device.WiFi.' }))?.parameters ?? {};
    expect(Object.keys(wifi)).toHaveLength(3);
    expect(page.devices).toEqual([{ deviceId, serialNumber: serialNumber, parameters: wifi }]);

    const summaryOnly = await store.find({
      filter: { deviceId },
      projection: ['online', 'tags'],
      limit: 5,
    });
    expect(summaryOnly.devices).toEqual([{ deviceId, online: true, tags: ['north'] }]);

    const version = await store.find({
      filter: { deviceId },
      projection: ['parameters.Device.DeviceInfo.SoftwareVersion'],
      limit: 5,
    });
    expect(Object.keys(version.devices[0]?.parameters ?? {})).toEqual([
      'Device.DeviceInfo.SoftwareVersion',
    ]);

    const refused = await store
      .find({ filter: {}, projection: ['connectionRequest.password'], limit: 1 })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidFilterError);
  });

  it('sorts by summary fields, missing values first when ascending, ties broken by deviceId', async () => {
    const order = async (sort: DeviceQuery['sort'], filter: DeviceFilter = {}) =>
      ids((await store.find({ filter, sort, limit: 100 })).devices);
    expect(await order({ lastBoot: 1 })).toEqual(sorted(fleet, [['lastBoot', 1]]));
    expect(await order({ lastBoot: -1 })).toEqual(sorted(fleet, [['lastBoot', -1]]));
    expect(await order({ productClass: 1, lastInform: -1 })).toEqual(
      sorted(fleet, [
        ['productClass', 1],
        ['lastInform', -1],
      ]),
    );
    expect(await order({ online: -1, deviceId: -1 })).toEqual(
      sorted(fleet, [
        ['online', -1],
        ['deviceId', -1],
      ]),
    );
    expect(
      await order({ lastInform: 1 }, { tags: 'south', serialNumber: { $regex: 'Y' } }),
    ).toEqual(
      sorted(
        fleet,
        [['lastInform', 1]],
        (d) => d.tags.includes('south') && d.serialNumber.includes('Y'),
      ),
    );
    await expect(store.find({ filter: {}, sort: { tags: 1 }, limit: 1 })).rejects.toMatchObject({
      code: 'invalid-sort',
      path: 'sort.tags',
    });
  });

  it('pages with skip and limit and counts every match, whether indexes or mingo decide', async () => {
    const online = sorted(fleet, [['lastInform', 1]], (d) => d.online);
    const everyId = { deviceId: { $in: fleet.map((d) => d.deviceId) } };
    for (const filter of [
      { online: true },
      { online: true, serialNumber: { $regex: '^SN' } },
      { ...everyId, online: true },
    ]) {
      const page = await store.find({
        filter,
        sort: { lastInform: 1 },
        skip: 2,
        limit: 3,
        withTotal: true,
      });
      expect(ids(page.devices)).toEqual(online.slice(2, 5));
      expect(page.total).toBe(online.length);
      expect(page.nextCursor).toEqual(expect.any(String));
      const countOnly = await store.find({ filter, limit: 0, withTotal: true });
      expect(countOnly).toEqual({ devices: [], total: online.length });
      const beyond = await store.find({ filter, skip: online.length, limit: 5 });
      expect(beyond.devices).toEqual([]);
      expect(beyond.nextCursor).toBeUndefined();
    }
  });

  it('walks every match exactly once with cursors, under sorts with ties and missing values', async () => {
    const named = fleet.filter((d) => d.n % 3 !== 0).map((d) => d.deviceId);
    const cases: [DeviceFilter, [Key, 1 | -1][], (d: FleetDevice) => boolean][] = [
      [{ oui: 'A0B1C2' }, [['productClass', -1]], (d) => d.oui === 'A0B1C2'],
      [
        { $or: [{ online: true }, { tags: 'vip' }] },
        [['lastBoot', -1]],
        (d) => d.online || d.tags.includes('vip'),
      ],
      [
        {},
        [
          ['online', 1],
          ['lastBoot', 1],
        ],
        () => true,
      ],
      // Devices named by id, as inventory reads a batch's: an unknown id among them, and another
      // condition the named devices must also pass.
      [
        { deviceId: { $in: [...named, 'no-such-device'] }, online: true },
        [['lastBoot', -1]],
        (d) => named.includes(d.deviceId) && d.online,
      ],
    ];
    for (const [filter, sort, keep] of cases) {
      const walked: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.find({
          filter,
          sort: Object.fromEntries(sort),
          limit: 2,
          withTotal: true,
          ...(cursor ? { cursor } : {}),
        });
        expect(page.devices.length).toBeLessThanOrEqual(2);
        walked.push(...ids(page.devices));
        cursor = page.nextCursor;
        expect(++pages).toBeLessThan(20);
      } while (cursor);
      expect(walked).toEqual(sorted(fleet, sort, keep));
    }
  });

  it('refuses a cursor made for another sort, a malformed cursor and out-of-range paging', async () => {
    const first = await store.find({ filter: {}, sort: { lastInform: 1 }, limit: 2 });
    const cursor = first.nextCursor ?? '';
    expect(cursor).not.toBe('');
    await expect(
      store.find({ filter: {}, sort: { lastInform: -1 }, limit: 2, cursor }),
    ).rejects.toMatchObject({ code: 'invalid-cursor' });
    await expect(
      store.find({ filter: {}, limit: 2, cursor: 'not-a-cursor' }),
    ).rejects.toMatchObject({ code: 'invalid-cursor' });
    await expect(store.find({ filter: {}, limit: 10_001 })).rejects.toMatchObject({
      code: 'invalid-paging',
      path: 'limit',
    });
    await expect(store.find({ filter: {}, limit: 1, skip: -1 })).rejects.toMatchObject({
      code: 'invalid-paging',
      path: 'skip',
    });
  });
}
