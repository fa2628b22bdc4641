import type { AcsRequest } from '@acs/cwmp-codec';
import type { RpcResult } from '@acs/contracts';
import type { EmbeddedDeviceStore } from '@acs/device-store';
import { InProcessEventBus } from '@acs/event-bus';
import { SimulatedCpe } from '@acs/inventory-testing';
import { IngestSessionEvents } from './ingest-session-events';
import { DevicePosture } from './device-posture';
import { DEFAULT_INVENTORY_SETTINGS } from './inventory-settings';
import { LifecyclePublisher } from './lifecycle-outbox';
import {
  messagesOf,
  PublishedLifecycle,
  recordingLog,
  temporaryStore,
  testSecrets,
} from './test-support/harness';
import { SecretValues } from './secret-values';
import { WriteLock } from './write-lock';

describe('IngestSessionEvents', () => {
  let store: EmbeddedDeviceStore;
  let cleanup: () => Promise<void>;
  let bus: InProcessEventBus;
  let published: PublishedLifecycle;
  let log: ReturnType<typeof recordingLog>;
  let ingest: IngestSessionEvents;

  beforeEach(() => {
    ({ store, cleanup } = temporaryStore());
    bus = new InProcessEventBus();
    published = new PublishedLifecycle(bus);
    log = recordingLog();
    ingest = new IngestSessionEvents(
      store,
      new LifecyclePublisher(bus, log),
      new WriteLock(),
      log,
      DEFAULT_INVENTORY_SETTINGS,
      new SecretValues(testSecrets(), log),
      new DevicePosture(log),
    );
  });
  afterEach(() => cleanup());

  /** A first session: bootstrap Inform, the ACS reads ManagementServer, the session ends. */
  function firstSession(cpe: SimulatedCpe, root = 'Device.') {
    return [
      cpe.inform(),
      cpe
        .later(1)
        .answer({ type: 'GetParameterValues', parameterNames: [`${root}ManagementServer.`] }),
      cpe.closed(),
    ];
  }

  it('stores a new device from its first session and announces it', async () => {
    const cpe = new SimulatedCpe('tr181', 'SIM000001');
    const report = await ingest.handle(messagesOf(firstSession(cpe)));
    expect(report).toEqual({
      received: 3,
      invalid: 0,
      alreadyApplied: 0,
      failed: 0,
      applied: 3,
      duplicates: 0,
      published: 4,
    });

    const device = await store.get(cpe.deviceId);
    expect(device).toMatchObject({
      oui: '0253AC',
      productClass: 'SimGateway-181',
      serialNumber: 'SIM000001',
      manufacturer: 'Simulated Networks',
      dataModelRoot: 'Device.',
      lastInform: '2026-03-01T08:00:00.000Z',
      lastBoot: '2026-03-01T08:00:00.000Z',
      lastBootstrap: '2026-03-01T08:00:00.000Z',
      online: true,
      periodicInformInterval: 86_400,
      connectionRequest: {
        url: 'http://198.51.100.7:7547/cr/SIM000001',
        username: 'SIM000001',
        udpAddress: '',
      },
    });
    expect(device?.parameters['Device.DeviceInfo.SoftwareVersion']).toMatchObject({
      value: '1.0.0',
      type: 'string',
      valueAt: '2026-03-01T08:00:00.000Z',
    });
    expect(device?.parameters['Device.ManagementServer.PeriodicInformEnable']).toMatchObject({
      value: true,
      type: 'boolean',
      valueAt: '2026-03-01T08:00:01.000Z',
    });
    expect(published.types()).toEqual([
      'DeviceRegistered',
      'DeviceBootstrapped',
      'DeviceBooted',
      'DeviceCameOnline',
    ]);
    const events = await store.recentEvents(cpe.deviceId, 10);
    expect(events.map((e) => e.kind)).toEqual(['session-closed', 'rpc-result', 'inform']);
  });

  it('keeps TR-181 and TR-098 devices of one batch apart', async () => {
    const gateway = new SimulatedCpe('tr181', 'SIM000002');
    const igd = new SimulatedCpe('tr098', 'IGD000002');
    const [g1, g2, g3] = firstSession(gateway);
    const [i1, i2, i3] = firstSession(igd, 'InternetGatewayDevice.');
    // Interleaved as two sessions on one partition would be.
    await ingest.handle(messagesOf([g1, i1, g2, i2, g3, i3].flatMap((e) => (e ? [e] : []))));

    expect(await store.get(igd.deviceId)).toMatchObject({
      productClass: 'SimIGD-098',
      dataModelRoot: 'InternetGatewayDevice.',
      periodicInformInterval: 86_400,
    });
    expect(await store.get(gateway.deviceId)).toMatchObject({ dataModelRoot: 'Device.' });
    expect(published.types(igd.deviceId)).toContain('DeviceRegistered');
    expect(published.types(gateway.deviceId)).toContain('DeviceRegistered');
  });

  it('logs and skips what is not a valid session event, and applies the rest', async () => {
    const cpe = new SimulatedCpe('tr181', 'SIM000003');
    const inform = cpe.inform();
    const withoutId: Record<string, unknown> = { ...cpe.closed() };
    delete withoutId['eventId'];
    const report = await ingest.handle(
      messagesOf(['{"type": "SessionOpened"', null, JSON.stringify(withoutId), inform]),
    );
    expect(report).toMatchObject({ received: 4, invalid: 3, applied: 1 });
    expect(await store.get(cpe.deviceId)).not.toBeNull();
    expect(
      log.lines.filter((line) => line.level === 'warn').map((line) => line.fields['offset']),
    ).toEqual(['0', '1', '2']);
    expect(log.lines[2]?.fields['errors']).toEqual(
      expect.arrayContaining([expect.stringMatching(/eventId/)]),
    );
  });

  it('changes nothing when a batch is delivered again, and announces the same events', async () => {
    const cpe = new SimulatedCpe('tr181', 'SIM000004');
    const batch = messagesOf(firstSession(cpe));
    await ingest.handle(batch);
    const before = await store.get(cpe.deviceId);
    const first = [...published.events];

    const again = await ingest.handle(batch);
    expect(again).toMatchObject({ alreadyApplied: 3, applied: 0 });
    expect(await store.get(cpe.deviceId)).toEqual(before);
    expect(await store.recentEvents(cpe.deviceId, 10)).toHaveLength(3);
    // Published again (the first publish may not have been durable), with the same ids.
    expect(published.events.slice(first.length)).toEqual(first);
  });

  it("reads a device's recorded events only for a batch that redelivers one of its events", async () => {
    const reads: string[] = [];
    const counted = new Proxy(store, {
      get(target, property) {
        if (property === 'recentEvents')
          return (deviceId: string, limit: number) => {
            reads.push(deviceId);
            return target.recentEvents(deviceId, limit);
          };
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const counting = new IngestSessionEvents(
      counted,
      new LifecyclePublisher(bus, log),
      new WriteLock(),
      log,
      DEFAULT_INVENTORY_SETTINGS,
      new SecretValues(testSecrets(), log),
      new DevicePosture(log),
    );
    const cpe = new SimulatedCpe('tr181', 'SIM000009');
    const other = new SimulatedCpe('tr181', 'SIM000010');
    await counting.handle(messagesOf([...firstSession(cpe), ...firstSession(other)]));
    const periodic = messagesOf([cpe.later(60).inform(), cpe.closed()]);
    expect(await counting.handle(periodic)).toMatchObject({ applied: 2, alreadyApplied: 0 });
    expect(reads).toEqual([]);

    const again = await counting.handle([
      ...periodic,
      ...messagesOf([other.later(60).inform(), other.closed()]),
    ]);
    expect(again).toMatchObject({ alreadyApplied: 2, applied: 2 });
    expect(reads).toEqual([cpe.deviceId]);
  });

  it('loses no lifecycle event when publishing fails after the store write', async () => {
    let refuse = true;
    bus.subscribe('acs.events', () => {
      if (refuse) throw new Error('broker unavailable');
    });
    const cpe = new SimulatedCpe('tr181', 'SIM000005');
    const batch = messagesOf(firstSession(cpe));
    await expect(ingest.handle(batch)).rejects.toThrow('broker unavailable');
    expect(await store.get(cpe.deviceId)).not.toBeNull();

    refuse = false;
    const lost = published.events.length;
    await ingest.handle(batch);
    const redelivered = published.events.slice(lost);
    expect(redelivered.map((e) => e.type)).toEqual([
      'DeviceRegistered',
      'DeviceBootstrapped',
      'DeviceBooted',
      'DeviceCameOnline',
    ]);
    expect(redelivered[0]?.eventId).toBe(`${cpe.deviceId}/event-1:DeviceRegistered`);
  });

  it('announces changed values with old and new, from Informs and from set values', async () => {
    const cpe = new SimulatedCpe('tr181', 'SIM000006');
    await ingest.handle(messagesOf(firstSession(cpe)));
    cpe.later(3600).changeLocally('Device.DeviceInfo.ProvisioningCode', 'BRONZE');
    const spv: AcsRequest = {
      type: 'SetParameterValues',
      parameterKey: 'k',
      parameters: [
        { name: 'Device.DeviceInfo.ProvisioningCode', type: 'string', value: 'GOLD' },
        { name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'acme' },
      ],
    };
    const periodic = cpe.inform();
    // The answer with the request it answers, as the gateway sends it.
    const set: RpcResult = { ...cpe.later(1).answer(spv), request: spv };
    const before = published.events.length;
    await ingest.handle(messagesOf([periodic, set, cpe.closed()]));

    const changes = published.events.slice(before);
    expect(changes.map((e) => e.type)).toEqual([
      'DeviceParametersChanged',
      'DeviceParametersChanged',
    ]);
    expect(changes[0]).toMatchObject({
      changes: [{ path: 'Device.DeviceInfo.ProvisioningCode', oldValue: '', newValue: 'BRONZE' }],
    });
    // The old value is the one the Inform before it in the batch reported. The SSID was never
    // read, so setting it is no change; its value is kept all the same.
    expect(changes[1]).toMatchObject({
      changes: [
        { path: 'Device.DeviceInfo.ProvisioningCode', oldValue: 'BRONZE', newValue: 'GOLD' },
      ],
    });
    const device = await store.get(cpe.deviceId);
    expect(device?.parameters['Device.WiFi.SSID.1.SSID']?.value).toBe('acme');
  });

  it('keeps the tree untouched by a set whose request it does not have', async () => {
    const cpe = new SimulatedCpe('tr181', 'SIM000007');
    await ingest.handle(messagesOf(firstSession(cpe)));
    const spv: AcsRequest = {
      type: 'SetParameterValues',
      parameterKey: 'k',
      parameters: [{ name: 'Device.DeviceInfo.ProvisioningCode', type: 'string', value: 'GOLD' }],
    };
    await ingest.handle(messagesOf([cpe.later(1).answer(spv)]));
    const device = await store.get(cpe.deviceId);
    expect(device?.parameters['Device.DeviceInfo.ProvisioningCode']?.value).toBe('');
    const [record] = await store.recentEvents(cpe.deviceId, 1);
    expect(record?.detail).toMatchObject({ method: 'SetParameterValues', requestKnown: false });
  });

  it('records the request as known for every method the gateway sends it with', async () => {
    const cpe = new SimulatedCpe('tr181', 'SIM000008');
    await ingest.handle(messagesOf(firstSession(cpe)));
    const gpv: AcsRequest = {
      type: 'GetParameterValues',
      parameterNames: ['Device.DeviceInfo.SoftwareVersion'],
    };
    const read: RpcResult = { ...cpe.later(1).answer(gpv), request: gpv };
    await ingest.handle(messagesOf([read]));
    const [record] = await store.recentEvents(cpe.deviceId, 1);
    expect(record?.detail).toMatchObject({ method: 'GetParameterValues', requestKnown: true });
  });
});
