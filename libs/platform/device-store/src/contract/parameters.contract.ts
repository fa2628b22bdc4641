import { at, change, ContractContext, inform, leaf, object, unique } from './fixtures';

/** The parameter tree: merge, value types, subtree deletion, staleness, subtree reads. */
export function parametersContract(ctx: ContractContext): void {
  it('merges parameter fields: given fields overwrite, absent fields stay', async () => {
    const store = ctx.store();
    const deviceId = unique('merge');
    const path = 'Device.ManagementServer.PeriodicInformInterval';
    await store.applyBatch([
      inform(deviceId, {
        parameters: [
          { path, object: false, writable: true, writableAt: at(1) },
          leaf('Device.DeviceInfo.UpTime', 10),
        ],
      }),
    ]);
    await store.applyBatch([
      change(deviceId, 2, {
        setParameters: [{ path, object: false, value: 300, type: 'unsignedInt', valueAt: at(2) }],
      }),
    ]);
    await store.applyBatch([
      change(deviceId, 3, {
        setParameters: [
          { path, object: false, notification: 2, accessList: ['Subscriber'], attributesAt: at(3) },
        ],
      }),
    ]);
    const device = await store.get(deviceId);
    expect(device?.parameters[path]).toEqual({
      path,
      object: false,
      value: 300,
      type: 'unsignedInt',
      writable: true,
      notification: 2,
      accessList: ['Subscriber'],
      valueAt: at(2),
      writableAt: at(1),
      attributesAt: at(3),
    });
    expect(device?.parameters['Device.DeviceInfo.UpTime']?.value).toBe(10);
  });

  it('reads every value type and attribute back exactly as written', async () => {
    const store = ctx.store();
    const deviceId = unique('types');
    const written = [
      object('Device.WiFi.'),
      leaf('Device.A.Text', 'x y'),
      leaf('Device.A.NumericText', '0042'),
      leaf('Device.A.Int', -7, { type: 'int' }),
      leaf('Device.A.Big', '18446744073709551615', { type: 'unsignedLong' }),
      leaf('Device.A.Float', 2.5, { type: 'decimal' }),
      leaf('Device.A.True', true),
      leaf('Device.A.False', false),
      leaf('Device.A.Null', null, { type: 'dateTime' }),
      { path: 'Device.A.Unlearned', object: false, writable: false },
      leaf('Device.A.Vendor', 'v', {
        type: 'X_ACME_Type',
        valueAt: '2026-01-01T00:00:00Z',
        writableAt: at(0.123),
      }),
    ];
    await store.applyBatch([inform(deviceId, { parameters: written })]);
    const device = await store.get(deviceId);
    expect(Object.values(device?.parameters ?? {})).toEqual(
      [...written].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
  });

  it('deletes an object with everything under it, and a single leaf, and nothing else', async () => {
    const store = ctx.store();
    const deviceId = unique('subtree');
    const ssid = (i: number) => [
      object(`Device.WiFi.SSID.${i}.`),
      leaf(`Device.WiFi.SSID.${i}.SSID`, `net${i}`),
    ];
    await store.applyBatch([
      inform(deviceId, {
        parameters: [
          ...ssid(1),
          ...ssid(2),
          ...ssid(10),
          leaf('Device.WiFi.RadioNumberOfEntries', 2),
        ],
      }),
    ]);
    await store.applyBatch([
      change(deviceId, 1, {
        deleteSubtrees: ['Device.WiFi.SSID.1.', 'Device.WiFi.RadioNumberOfEntries'],
      }),
    ]);
    expect(Object.keys((await store.get(deviceId))?.parameters ?? {})).toEqual([
      'Device.WiFi.SSID.10.',
      'Device.WiFi.SSID.10.SSID',
      'Device.WiFi.SSID.2.',
      'Device.WiFi.SSID.2.SSID',
    ]);
    // Deletion comes before setParameters: one update can replace an object's contents.
    await store.applyBatch([
      change(deviceId, 2, { deleteSubtrees: ['Device.WiFi.'], setParameters: [...ssid(3)] }),
    ]);
    expect(Object.keys((await store.get(deviceId))?.parameters ?? {})).toEqual([
      'Device.WiFi.SSID.3.',
      'Device.WiFi.SSID.3.SSID',
    ]);
  });

  it('marks every parameter stale on bootstrap before the update’s own parameters apply', async () => {
    const store = ctx.store();
    const deviceId = unique('bootstrap');
    await store.applyBatch([
      inform(deviceId, {
        parameters: [leaf('Device.A', 'a'), leaf('Device.B', 'b'), leaf('Device.C', 'c')],
      }),
    ]);
    await store.applyBatch([
      change(deviceId, 5, {
        upsert: { lastBootstrap: at(5) },
        markAllStale: true,
        setParameters: [leaf('Device.A', 'a2', { stale: false }), leaf('Device.B', 'b2')],
      }),
    ]);
    const parameters = (await store.get(deviceId))?.parameters;
    expect(parameters?.['Device.A']).toMatchObject({ value: 'a2', stale: false });
    // Absent fields stay: B got a new value but was not said to be fresh.
    expect(parameters?.['Device.B']).toMatchObject({ value: 'b2', stale: true });
    expect(parameters?.['Device.C']).toMatchObject({ value: 'c', stale: true });
    expect((await store.get(deviceId))?.lastBootstrap).toBe(at(5));
  });

  it('gets one subtree or one parameter of a device, or null for an unknown device', async () => {
    const store = ctx.store();
    const deviceId = unique('get');
    await store.applyBatch([
      inform(deviceId, {
        parameters: [
          object('Device.WiFi.SSID.1.'),
          leaf('Device.WiFi.SSID.1.SSID', 'a'),
          leaf('Device.WiFi.SSID.10.SSID', 'b'),
          leaf('Device.DeviceInfo.UpTime', 5),
        ],
      }),
    ]);
    const keys = async (subtree: string) =>
      Object.keys((await store.get(deviceId, { subtree }))?.parameters ?? {});
    expect(await keys('Device.WiFi.SSID.1.')).toEqual([
      'Device.WiFi.SSID.1.',
      'Device.WiFi.SSID.1.SSID',
    ]);
    expect(await keys('Device.WiFi.SSID.1')).toEqual([
      'Device.WiFi.SSID.1.',
      'Device.WiFi.SSID.1.SSID',
    ]);
    expect(await keys('Device.DeviceInfo.UpTime')).toEqual(['Device.DeviceInfo.UpTime']);
    expect(await keys('Device.Nothing.')).toEqual([]);
    expect((await store.get(deviceId, { subtree: 'Device.WiFi.' }))?.serialNumber).toBe(deviceId);
    expect(await store.get(unique('unknown'))).toBeNull();
  });

  it('finds a device by a parameter value as the value changes, is deleted and comes back', async () => {
    const store = ctx.store();
    const deviceId = unique('follow');
    const version = 'Device.DeviceInfo.SoftwareVersion';
    const url = 'Device.ManagementServer.ConnectionRequestURL';
    const found = async (path: string, value: string) =>
      (await store.find({ filter: { deviceId, [`parameters.${path}`]: value }, limit: 10 })).devices
        .length;
    await store.applyBatch([
      inform(deviceId, { parameters: [leaf(version, 'v1'), leaf(url, 'http://a')] }),
    ]);
    expect([await found(version, 'v1'), await found(url, 'http://a')]).toEqual([1, 1]);
    // Two updates in one batch: the later value is the one found.
    await store.applyBatch([
      change(deviceId, 1, { setParameters: [leaf(version, 'v2')] }),
      change(deviceId, 2, { setParameters: [leaf(version, 'v3')] }),
    ]);
    expect([await found(version, 'v1'), await found(version, 'v2')]).toEqual([0, 0]);
    expect(await found(version, 'v3')).toBe(1);
    // Learning only its writability leaves the value, and the value is still found.
    await store.applyBatch([
      change(deviceId, 3, { setParameters: [{ path: version, object: false, writable: false }] }),
    ]);
    expect(await found(version, 'v3')).toBe(1);
    await store.applyBatch([change(deviceId, 4, { deleteSubtrees: ['Device.ManagementServer.'] })]);
    expect(await found(url, 'http://a')).toBe(0);
    await store.applyBatch([change(deviceId, 5, { setParameters: [leaf(url, 'http://b')] })]);
    expect([await found(url, 'http://a'), await found(url, 'http://b')]).toEqual([0, 1]);
  });

  it('applies hundreds of parameter writes of known devices in one batch', async () => {
    const store = ctx.store();
    const devices = [unique('many'), unique('many')];
    const paths = Array.from({ length: 160 }, (_, i) => `Device.X.${i}.Value`);
    await store.applyBatch(
      devices.map((d) => inform(d, { parameters: paths.map((p) => leaf(p, 'a')) })),
    );
    await store.applyBatch(
      devices.map((d, n) => change(d, 1, { setParameters: paths.map((p) => leaf(p, `b${n}`)) })),
    );
    for (const [n, deviceId] of devices.entries()) {
      const parameters = (await store.get(deviceId))?.parameters ?? {};
      expect(paths.filter((p) => parameters[p]?.value === `b${n}`)).toHaveLength(paths.length);
    }
  });
}
