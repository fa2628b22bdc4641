import { DeviceFilter, DeviceStore } from '../device-store';
import { InvalidFilterError } from '../query-filter';
import { at, ContractContext, ids } from './fixtures';
import { describeFleet, expectedIds, FleetDevice, nthDevice, seedFleet } from './fleet';

/** find with every class of operator, matched against expectations computed in plain JS. */
export function findContract(ctx: ContractContext): void {
  let fleet: FleetDevice[] = [];
  let store: DeviceStore;
  beforeEach(async () => {
    store = ctx.store();
    fleet = describeFleet();
    await seedFleet(store, fleet);
  });
  const found = async (filter: DeviceFilter) =>
    ids((await store.find({ filter, limit: 100 })).devices);
  const expected = (predicate: (d: FleetDevice) => boolean) => expectedIds(fleet, predicate);
  const nth = (n: number) => nthDevice(fleet, n).deviceId;

  it('matches equality, $eq, $ne and $in on summary fields', async () => {
    expect(await found({ productClass: 'HG1' })).toEqual(expected((d) => d.n % 3 === 1));
    expect(await found({ productClass: 'HG-new' })).toEqual([nth(12)]);
    expect(await found({ oui: { $in: ['00D09E', 'none'] }, online: true })).toEqual(
      expected((d) => d.n % 2 === 0 && d.online),
    );
    expect(await found({ online: { $ne: true } })).toEqual(expected((d) => !d.online));
    expect(await found({ deviceId: nth(3) })).toEqual([nth(3)]);
    expect(await found({ serialNumber: { $eq: nthDevice(fleet, 1).serialNumber } })).toEqual([
      nth(1),
    ]);
    expect(await found({ oui: 42 })).toEqual([]);
    expect(await found({})).toEqual(expected(() => true));
  });

  it('compares within a type, on summary fields and on parameter values', async () => {
    expect(await found({ lastInform: { $gte: at(900), $lt: at(960) } })).toEqual(
      expected((d) => d.n >= 5 && d.n <= 10),
    );
    const upTime = 'parameters.Device.DeviceInfo.UpTime';
    expect(await found({ [upTime]: { $gt: 500, $lte: 900 } })).toEqual(
      expected((d) => d.n >= 6 && d.n <= 9),
    );
    expect(await found({ [upTime]: 300 })).toEqual([nth(3)]);
    expect(await found({ [upTime]: '300' })).toEqual([]);
    expect(await found({ [upTime]: { $gt: '500' } })).toEqual([]);
    expect(await found({ [upTime]: { $in: [100, '200', 300] } })).toEqual([nth(1), nth(3)]);
    const version = 'parameters.Device.DeviceInfo.SoftwareVersion';
    expect(await found({ [version]: { $gte: 'v2' } })).toEqual(
      expected((d) => d.softwareVersion >= 'v2'),
    );
    expect(await found({ 'parameters.Device.WiFi.SSID.1.Enable': true })).toEqual(
      expected((d) => d.n % 2 === 0),
    );
  });

  it('lets $exists, null, $ne and $nin match devices without the field, as MongoDB does', async () => {
    const ssid = 'parameters.Device.WiFi.SSID.1.SSID';
    expect(await found({ lastBoot: { $exists: false } })).toEqual(expected((d) => !d.lastBoot));
    expect(await found({ lastBoot: null })).toEqual(expected((d) => !d.lastBoot));
    expect(await found({ lastBoot: { $exists: true }, online: true })).toEqual(
      expected((d) => !!d.lastBoot && d.online),
    );
    expect(await found({ [ssid]: { $exists: false } })).toEqual(expected((d) => !d.ssid));
    expect(await found({ [ssid]: { $ne: 'net-1' } })).toEqual(expected((d) => d.n !== 1));
    expect(await found({ [ssid]: { $nin: ['net-1', 'net-2'] } })).toEqual(expected((d) => d.n > 2));
    expect(await found({ 'parameters.Device.WiFi.SSID.1': { $exists: true } })).toEqual(
      expected(() => true),
    );
    expect(await found({ 'parameters.Device.Nothing': { $exists: true } })).toEqual([]);
  });

  it('matches regular expressions: $regex with $options, regex values, $not', async () => {
    expect(await found({ serialNumber: { $regex: '^snx', $options: 'i' } })).toEqual(
      expected((d) => d.n % 4 === 0),
    );
    expect(await found({ serialNumber: /^SNX/ })).toEqual(expected((d) => d.n % 4 === 0));
    expect(await found({ serialNumber: { $not: { $regex: 'X' } } })).toEqual(
      expected((d) => d.n % 4 !== 0),
    );
    expect(await found({ 'parameters.Device.WiFi.SSID.1.SSID': { $regex: '^net-[12]$' } })).toEqual(
      [nth(1), nth(2)],
    );
    expect(await found({ deviceId: { $in: [/-0[12]$/] } })).toEqual([nth(1), nth(2)]);
  });

  it('combines clauses with $and, $or and $nor', async () => {
    const upTime = 'parameters.Device.DeviceInfo.UpTime';
    expect(await found({ $or: [{ productClass: 'HG1' }, { [upTime]: { $gte: 1100 } }] })).toEqual(
      expected((d) => d.productClass === 'HG1' || d.upTime >= 1100),
    );
    expect(
      await found({ $and: [{ online: true }, { $nor: [{ oui: '00D09E' }, { tags: 'vip' }] }] }),
    ).toEqual(expected((d) => d.online && d.oui !== '00D09E' && !d.tags.includes('vip')));
    expect(
      await found({ tags: 'south', $or: [{ online: false }, { lastBoot: { $lt: at(7) } }] }),
    ).toEqual(
      expected(
        (d) =>
          d.tags.includes('south') &&
          (!d.online || (d.lastBoot !== undefined && d.lastBoot < at(7))),
      ),
    );
  });

  it('filters on tags: equality, $in, $nin, $all, $size and $elemMatch', async () => {
    const tagged = (tag: string) => (d: FleetDevice) => d.tags.includes(tag);
    expect(await found({ tags: 'north' })).toEqual(expected(tagged('north')));
    expect(await found({ tags: { $in: ['vip', 'north'] } })).toEqual(
      expected((d) => tagged('vip')(d) || tagged('north')(d)),
    );
    expect(await found({ tags: { $nin: ['south'] } })).toEqual(
      expected((d) => !tagged('south')(d)),
    );
    expect(await found({ tags: { $all: ['south', 'vip'] } })).toEqual(
      expected((d) => tagged('south')(d) && tagged('vip')(d)),
    );
    expect(await found({ tags: { $size: 2 } })).toEqual(expected((d) => d.tags.length === 2));
    expect(await found({ tags: { $elemMatch: { $regex: '^no' } } })).toEqual(
      expected(tagged('north')),
    );
  });

  it('refuses filters outside the whitelist, naming the bad part', async () => {
    const refused = async (filter: unknown) =>
      store.find({ filter: filter as DeviceFilter, limit: 1 }).then(
        () => null,
        (error: unknown) =>
          error instanceof InvalidFilterError ? [error.code, error.path] : error,
      );
    expect(await refused({ $where: 'sleep(1000)' })).toEqual([
      'operator-not-allowed',
      'filter.$where',
    ]);
    expect(await refused({ oui: { $expr: {} } })).toEqual([
      'operator-not-allowed',
      'filter.oui.$expr',
    ]);
    expect(await refused({ 'connectionRequest.password': 'x' })).toEqual([
      'unknown-field',
      'filter.connectionRequest.password',
    ]);
    expect(await refused({ $or: [{ serialNumber: { $regex: 'a'.repeat(300) } }] })).toEqual([
      'regex-too-long',
      'filter.$or[0].serialNumber.$regex',
    ]);
    expect(await refused('serialNumber=1')).toEqual(['not-an-object', 'filter']);
  });
}
