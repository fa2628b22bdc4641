import type { AcsRequest } from '@acs/cwmp-codec';
import type { DevicePostureWorsened, RpcResult } from '@acs/contracts';
import { EmbeddedDeviceStore, MongoDeviceStore, type DeviceStore } from '@acs/device-store';
import { InProcessEventBus } from '@acs/event-bus';
import { SimulatedCpe } from '@acs/inventory-testing';
import { FERRETDB_WRITES_PER_COMMAND, useMongoServer } from '@acs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevicePosture } from './device-posture';
import { IngestSessionEvents } from './ingest-session-events';
import { DEFAULT_INVENTORY_SETTINGS } from './inventory-settings';
import { LifecyclePublisher } from './lifecycle-outbox';
import { SecretValues } from './secret-values';
import { messagesOf, PublishedLifecycle, recordingLog, testSecrets } from './test-support/harness';
import { WriteLock } from './write-lock';

const mongo = useMongoServer();
const root = mkdtempSync(join(tmpdir(), 'inventory-posture-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STORES: [string, () => Promise<DeviceStore>][] = [
  ['embedded', async () => new EmbeddedDeviceStore({ directory: join(root, 'devices') })],
  [
    'mongo',
    () =>
      MongoDeviceStore.connect(mongo.uri, {
        dbName: mongo.databaseName('inventory-posture'),
        writesPerCommand: FERRETDB_WRITES_PER_COMMAND,
      }),
  ],
];

/** The ACS sets values on the device (as provisioning would) and the CPE confirms. */
function set(cpe: SimulatedCpe, values: Record<string, string>): RpcResult {
  const request: AcsRequest = {
    type: 'SetParameterValues',
    parameterKey: 'posture',
    parameters: Object.entries(values).map(([name, value]) => ({ name, type: 'string', value })),
  };
  return { ...cpe.later(1).answer(request), request };
}

describe.each(STORES)('the security posture, assessed by inventory on the %s store', (_, open) => {
  let store: DeviceStore;
  let published: PublishedLifecycle;
  let ingest: IngestSessionEvents;

  beforeAll(async () => {
    store = await open();
    const bus = new InProcessEventBus();
    published = new PublishedLifecycle(bus);
    const log = recordingLog();
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
  afterAll(() => store.close());

  it('stores findings and posture tags, announces a worse posture, and clears what got fixed', async () => {
    const cpe = new SimulatedCpe('tr181', `POSTURE-${process.pid}`);
    // An old CPE on Basic over plain HTTP, whose connection-request credentials are a default.
    await ingest.handle(
      messagesOf([
        { ...cpe.inform(), cwmpVersion: '1.1', cpeAuthentication: 'basic' },
        set(cpe, {
          'Device.ManagementServer.URL': 'http://acs.example.net:7547/',
          'Device.ManagementServer.ConnectionRequestUsername': 'admin',
          'Device.ManagementServer.ConnectionRequestPassword': '1234',
        }),
        cpe.later(1).closed(),
      ]),
    );
    const ids = [
      'basic-auth-over-http',
      'connection-request-credentials-default',
      'acs-url-http',
      'cwmp-version-old',
    ];
    const device = await store.get(cpe.deviceId);
    expect(device?.posture?.map((finding) => finding.id)).toEqual(ids);
    expect(device?.tags).toEqual(ids.map((id) => `posture:${id}`).sort());
    expect(JSON.stringify(device?.posture)).not.toContain('1234');
    const worse = published.events.filter(
      (e): e is DevicePostureWorsened => e.type === 'DevicePostureWorsened',
    );
    expect(worse.map((e) => e.worsened.map((f) => f.id))).toEqual([
      [
        'basic-auth-over-http',
        'connection-request-credentials-default',
        'acs-url-http',
        'cwmp-version-old',
      ],
    ]);

    // The next session is on HTTPS with Digest: the findings go, and nothing is announced.
    await ingest.handle(
      messagesOf([
        { ...cpe.later(60).inform(), cwmpVersion: '1.4', cpeAuthentication: 'digest' },
        set(cpe, {
          'Device.ManagementServer.URL': 'https://acs.example.net/',
          'Device.ManagementServer.ConnectionRequestPassword': 'a-long-unique-one',
        }),
      ]),
    );
    const fixed = await store.get(cpe.deviceId);
    expect(fixed?.posture).toEqual([]);
    expect(fixed?.tags).toEqual([]);
    expect(published.types(cpe.deviceId).filter((t) => t === 'DevicePostureWorsened')).toHaveLength(
      1,
    );
  }, 60_000);
});
