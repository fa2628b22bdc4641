import type { AcsRequest } from '@acs/cwmp-codec';
import type { RpcResult } from '@acs/contracts';
import { MongoDeviceStore, type DeviceStore } from '@acs/device-store';
import { InProcessEventBus } from '@acs/event-bus';
import { SimulatedCpe } from '@acs/inventory-testing';
import {
  deviceParameterContext,
  openParameterValue,
  SECRET_MASK,
  SecretKeyring,
} from '@acs/secrets';
import { FERRETDB_WRITES_PER_COMMAND, useMongoServer } from '@acs/testing';
import { IngestSessionEvents } from './ingest-session-events';
import { DEFAULT_INVENTORY_SETTINGS } from './inventory-settings';
import { LifecyclePublisher } from './lifecycle-outbox';
import { DevicePosture } from './device-posture';
import { SecretValues } from './secret-values';
import {
  messagesOf,
  PublishedLifecycle,
  recordingLog,
  temporaryStore,
  testSecrets,
} from './test-support/harness';
import { WriteLock } from './write-lock';

const PASSWORD = 'Device.ManagementServer.Password';
const PASSPHRASE = 'Device.WiFi.AccessPoint.1.Security.KeyPassphrase';
const CR_PASSWORD = 'Device.ManagementServer.ConnectionRequestPassword';

function setValues(values: Record<string, string>): AcsRequest {
  return {
    type: 'SetParameterValues',
    parameterKey: 'k',
    parameters: Object.entries(values).map(([name, value]) => ({ name, type: 'string', value })),
  };
}

describe('secret parameter values in inventory', () => {
  const mongo = useMongoServer();
  let opened: { store: DeviceStore; cleanup: () => Promise<void> } | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  const adapters: Record<
    string,
    () => Promise<{ store: DeviceStore; cleanup: () => Promise<void> }>
  > = {
    embedded: async () => temporaryStore(),
    mongo: async () => {
      const store = await MongoDeviceStore.connect(mongo.uri, {
        dbName: mongo.databaseName('secret-values'),
        writesPerCommand: FERRETDB_WRITES_PER_COMMAND,
      });
      return { store, cleanup: () => store.close() };
    },
  };

  it.each(Object.keys(adapters))(
    '%s store: holds them sealed, acs.events gets a mask, learning still sees changes',
    async (adapter) => {
      const open = adapters[adapter];
      if (!open) throw new Error(`no adapter ${adapter}`);
      opened = await open();
      const { store } = opened;
      const bus = new InProcessEventBus();
      const published = new PublishedLifecycle(bus);
      const log = recordingLog();
      const secrets = testSecrets();
      const ingest = new IngestSessionEvents(
        store,
        new LifecyclePublisher(bus, log),
        new WriteLock(),
        log,
        DEFAULT_INVENTORY_SETTINGS,
        new SecretValues(secrets, log),
        new DevicePosture(log),
      );
      const cpe = new SimulatedCpe('tr181', `SEC-${adapter}`);
      const read = { type: 'GetParameterValues' as const, parameterNames: ['Device.'] };
      await ingest.handle(
        messagesOf([cpe.inform(), { ...cpe.later(1).answer(read), request: read }, cpe.closed()]),
      );
      const spv = setValues({
        [PASSWORD]: 'acs-chosen-pw',
        [PASSPHRASE]: 'wifi-pass-1',
        [CR_PASSWORD]: 'cr-pw-1',
      });
      const set: RpcResult = { ...cpe.later(1).answer(spv), request: spv };
      await ingest.handle(messagesOf([set]));

      const device = await store.get(cpe.deviceId);
      const stored = device?.parameters ?? {};
      for (const [path, plaintext] of [
        [PASSWORD, 'acs-chosen-pw'],
        [PASSPHRASE, 'wifi-pass-1'],
      ] as const) {
        const value = stored[path]?.value;
        expect(SecretKeyring.isSealed(value)).toBe(true);
        const context = deviceParameterContext(cpe.deviceId, path);
        expect(secrets.keyring.open(value as string, context)).toBe(JSON.stringify(plaintext));
      }
      expect(stored['Device.DeviceInfo.SoftwareVersion']?.value).not.toMatch(/^acs-enc:/);
      // The connection-request password, kept beside the tree to wake the device, sealed too.
      const crPassword = device?.connectionRequest.password;
      expect(SecretKeyring.isSealed(crPassword)).toBe(true);
      expect(
        openParameterValue(
          secrets.keyring,
          cpe.deviceId,
          'connectionRequest.password',
          crPassword as string,
        ),
      ).toBe('cr-pw-1');

      // The same passphrase again is no change; a new one is announced masked.
      const before = published.events.length;
      const again = setValues({
        [PASSPHRASE]: 'wifi-pass-1',
        [PASSWORD]: 'acs-chosen-pw-2',
        [CR_PASSWORD]: 'cr-pw-1',
      });
      const crBefore = (await store.get(cpe.deviceId, { subtree: 'none.' }))?.connectionRequest;
      await ingest.handle(messagesOf([{ ...cpe.later(1).answer(again), request: again }]));
      const changes = published.events.slice(before);
      // The same connection-request password is no change: not sealed again.
      expect((await store.get(cpe.deviceId, { subtree: 'none.' }))?.connectionRequest).toEqual(
        crBefore,
      );
      expect(changes).toEqual([
        expect.objectContaining({
          type: 'DeviceParametersChanged',
          changes: [{ path: PASSWORD, oldValue: SECRET_MASK, newValue: SECRET_MASK }],
        }),
      ]);

      const everything = JSON.stringify([
        await store.get(cpe.deviceId),
        await store.recentEvents(cpe.deviceId, 50),
        published.events,
        log.lines,
      ]);
      for (const plaintext of ['acs-chosen-pw', 'wifi-pass-1', 'cr-pw-1'])
        expect(everything).not.toContain(plaintext);
    },
    30_000,
  );
});
