import { InvalidDeviceUpdateError, InvalidTagsError } from '../update-validation';
import { MAX_TAGS_PER_DEVICE, type PostureFinding } from '../device-store';
import {
  at,
  change,
  ContractContext,
  ids,
  inform,
  leaf,
  object,
  unique,
  uniques,
} from './fixtures';

/** Devices as wholes: upsert, idempotency, deletion, the online sweep, tags, bad input. */
export function devicesContract(ctx: ContractContext): void {
  it('creates a device on its first upsert and overwrites only the identity fields given later', async () => {
    const store = ctx.store();
    const deviceId = unique('00D09E-HG8245');
    expect(await store.applyBatch([inform(deviceId, { at: 10 })])).toEqual({
      applied: 1,
      duplicates: 0,
      ignored: 0,
    });
    const created = await store.get(deviceId);
    expect(created).toMatchObject({
      deviceId,
      oui: '00D09E',
      productClass: 'HG8245',
      serialNumber: deviceId,
      manufacturer: 'Acme',
      dataModelRoot: 'Device.',
      tags: [],
      firstSeen: at(10),
      lastInform: at(10),
      periodicInformInterval: 300,
      onlineUntil: at(610),
      online: true,
      connectionRequest: { url: 'http://10.0.0.1:7547/cr', username: 'cr' },
    });
    expect(created?.lastBoot).toBeUndefined();

    await store.applyBatch([
      change(deviceId, 20, {
        upsert: {
          productClass: 'HG8546',
          lastInform: at(20),
          lastBoot: at(19),
          online: false,
          dataModelRoot: null,
        },
      }),
    ]);
    expect(await store.get(deviceId)).toMatchObject({
      oui: '00D09E',
      productClass: 'HG8546',
      firstSeen: at(10),
      lastInform: at(20),
      lastBoot: at(19),
      online: false,
      dataModelRoot: null,
      onlineUntil: at(610),
    });
  });

  it('applies each eventId at most once, within a batch and across batches', async () => {
    const store = ctx.store();
    const deviceId = unique('dev');
    const first = inform(deviceId, {
      extra: {
        addFaults: [
          {
            faultId: unique('f'),
            deviceId,
            code: '9002',
            message: 'x',
            source: 'GPV',
            occurredAt: at(0),
          },
        ],
      },
    });
    expect(await store.applyBatch([first, { ...first }])).toEqual({
      applied: 1,
      duplicates: 1,
      ignored: 0,
    });
    const later = change(deviceId, 5, { setParameters: [leaf('Device.DeviceInfo.UpTime', 99)] });
    expect(await store.applyBatch([first, later])).toEqual({
      applied: 1,
      duplicates: 1,
      ignored: 0,
    });
    expect(await store.recentEvents(deviceId, 10)).toHaveLength(1);
    expect((await store.listFaults({ deviceId, limit: 10 }))[0]?.count).toBe(1);
    expect((await store.get(deviceId))?.parameters['Device.DeviceInfo.UpTime']?.value).toBe(99);
  });

  it('ignores updates without upsert for unknown devices, so a late event cannot resurrect one', async () => {
    const store = ctx.store();
    const deviceId = unique('gone');
    const late = change(deviceId, 0, {
      setParameters: [leaf('Device.X', 1)],
      addEvents: [{ eventId: 'e', deviceId, occurredAt: at(0), kind: 'rpc-result', detail: {} }],
    });
    expect(await store.applyBatch([late])).toEqual({ applied: 0, duplicates: 0, ignored: 1 });
    expect(await store.get(deviceId)).toBeNull();
    expect(await store.recentEvents(deviceId, 10)).toEqual([]);
  });

  it('keeps the posture an update sets until another replaces it, and creates no device for it', async () => {
    const store = ctx.store();
    const [deviceId, gone] = uniques('posture', 'posture-gone');
    const posture: PostureFinding[] = [
      {
        id: 'acs-url-http',
        severity: 'medium',
        evidence: { parameter: 'Device.ManagementServer.URL', url: 'http://acs/' },
      },
      {
        id: 'connection-request-credentials-default',
        severity: 'high',
        evidence: { username: 'admin', vendors: ['Zyxel'] },
      },
    ];
    await store.applyBatch([inform(deviceId, { at: 1 })]);
    expect((await store.get(deviceId))?.posture).toBeUndefined();
    await store.applyBatch([change(deviceId, 2, { posture }), change(gone, 2, { posture })]);
    expect((await store.get(deviceId))?.posture).toEqual(posture);
    expect(await store.get(gone)).toBeNull();
    // An update without posture leaves it; an empty one clears it.
    await store.applyBatch([inform(deviceId, { at: 3 })]);
    const page = await store.find({
      filter: { deviceId },
      projection: ['posture', 'productClass'],
      limit: 1,
    });
    expect(page.devices[0]?.posture).toEqual(posture);
    await store.applyBatch([change(deviceId, 4, { posture: [] })]);
    expect((await store.get(deviceId))?.posture).toEqual([]);
  });

  it('deletes a device with its parameters, events, faults and tags', async () => {
    const store = ctx.store();
    const deviceId = unique('del');
    const faultId = unique('fault');
    await store.applyBatch([
      inform(deviceId, {
        extra: {
          addFaults: [
            { faultId, deviceId, code: '9001', message: 'm', source: 'SPV', occurredAt: at(1) },
          ],
        },
      }),
    ]);
    await store.updateTags({ deviceId }, ['lab'], []);
    expect(await store.delete(deviceId)).toBe(true);
    expect(await store.get(deviceId)).toBeNull();
    expect(await store.recentEvents(deviceId, 10)).toEqual([]);
    expect(await store.listFaults({ deviceId, limit: 10 })).toEqual([]);
    expect(await store.clearFault(faultId)).toBe(false);
    expect((await store.find({ filter: { tags: 'lab' }, limit: 10 })).devices).toEqual([]);
    expect(await store.delete(deviceId)).toBe(false);

    await store.applyBatch([inform(deviceId, { parameters: [leaf('Device.New', 'n')] })]);
    const back = await store.get(deviceId);
    expect(Object.keys(back?.parameters ?? {})).toEqual(['Device.New']);
    expect(back?.tags).toEqual([]);
    expect(await store.recentEvents(deviceId, 10)).toHaveLength(1);
  });

  it('lists online devices whose onlineUntil has passed, soonest expired first', async () => {
    const store = ctx.store();
    const [early, late, future, offline, noDeadline] = uniques(
      'early',
      'late',
      'future',
      'offline',
      'nodeadline',
    );
    await store.applyBatch([
      change(early, 0, { upsert: { online: true, onlineUntil: at(100) } }),
      change(late, 0, { upsert: { online: true, onlineUntil: at(200) } }),
      change(future, 0, { upsert: { online: true, onlineUntil: at(900) } }),
      change(offline, 0, { upsert: { online: false, onlineUntil: at(50) } }),
      change(noDeadline, 0, { upsert: { online: true } }),
    ]);
    expect(ids(await store.expiredOnline(at(300), 10))).toEqual([early, late]);
    expect(ids(await store.expiredOnline(at(300), 1))).toEqual([early]);
    await store.applyBatch([change(early, 1, { upsert: { online: false } })]);
    expect(ids(await store.expiredOnline(at(300), 10))).toEqual([late]);
  });

  it('adds and removes tags on every device the filter matches, sorted and without duplicates', async () => {
    const store = ctx.store();
    const [a, b, c] = uniques('tag-a', 'tag-b', 'tag-c');
    await store.applyBatch([
      inform(a, { productClass: 'ONT' }),
      inform(b, { productClass: 'ONT' }),
      inform(c, { productClass: 'HGW' }),
    ]);
    expect(await store.updateTags({ productClass: 'ONT' }, ['zone-b', 'fiber', 'zone-b'], [])).toBe(
      2,
    );
    expect(await store.updateTags({ deviceId: a }, ['zone-a'], ['zone-b'])).toBe(1);
    expect((await store.get(a))?.tags).toEqual(['fiber', 'zone-a']);
    expect((await store.get(b))?.tags).toEqual(['fiber', 'zone-b']);
    expect((await store.get(c))?.tags).toEqual([]);
    expect(await store.updateTags({ tags: 'fiber' }, ['x'], ['x'])).toBe(2);
    expect((await store.get(b))?.tags).toEqual(['fiber', 'x', 'zone-b']);
    expect(await store.updateTags({ productClass: 'none' }, ['y'], [])).toBe(0);
  });

  it('refuses tag changes that would take a device over the limit or are not tags, changing nothing', async () => {
    const store = ctx.store();
    const [small, full] = uniques('small', 'full');
    await store.applyBatch([inform(small), inform(full)]);
    const many = Array.from(
      { length: MAX_TAGS_PER_DEVICE },
      (_, i) => `t${String(i).padStart(3, '0')}`,
    );
    await store.updateTags({ deviceId: full }, many, []);
    await expect(
      store.updateTags({ deviceId: { $in: [small, full] } }, ['one-more'], []),
    ).rejects.toThrow(InvalidTagsError);
    expect((await store.get(small))?.tags).toEqual([]);
    expect((await store.get(full))?.tags).toHaveLength(MAX_TAGS_PER_DEVICE);
    for (const bad of ['', 'a\nb', 'x'.repeat(129)]) {
      await expect(store.updateTags({}, [bad], [])).rejects.toMatchObject({ code: 'invalid-tag' });
    }
  });

  it('rejects a malformed update and writes nothing of its batch', async () => {
    const store = ctx.store();
    const good = inform(unique('good'));
    const bad = inform(unique('bad'), { parameters: [object('Device.WiFi')] });
    const error = await store.applyBatch([good, bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDeviceUpdateError);
    expect((error as InvalidDeviceUpdateError).path).toBe('updates[1].setParameters[0]');
    expect(await store.get(good.deviceId)).toBeNull();
    expect(await store.applyBatch([good])).toEqual({ applied: 1, duplicates: 0, ignored: 0 });
  });
}
