import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDeviceStore, InvalidFilterError } from '@acs/device-store';
import { StoreInventoryWrites } from '@acs/inventory-writes';
import {
  openEmbeddedProvisioningStores,
  type ProvisioningStores,
} from '@acs/provisioning-data-access';
import { CreateTask } from './create-task';
import {
  ConfigurationNotFoundError,
  ConnectionRequestsUnavailableError,
  DeviceNotFoundError,
  SubscriberRecordRefusedError,
  TagChangeRefusedError,
} from './errors';
import { LoadSubscribers } from './load-subscribers';
import { RequestConnection } from './request-connection';
import { SetTags } from './set-tags';

const ALICE = '00D09E-HG8245-ALICE1';
const BOB = '00D09E-HG8245-BOB2';
const GHOST = '00D09E-HG8245-GHOST';

describe('provisioning use cases', () => {
  let directory: string;
  let devices: EmbeddedDeviceStore;
  let stores: ProvisioningStores;
  const errors: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const log = {
    error: (message: string, fields?: Record<string, unknown>) => errors.push({ message, fields }),
  };

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'acs-use-cases-'));
    devices = new EmbeddedDeviceStore({ directory, synchronous: 'normal' });
    stores = openEmbeddedProvisioningStores(directory);
    errors.length = 0;
    for (const [deviceId, serialNumber] of [
      [ALICE, 'ALICE1'],
      [BOB, 'BOB2'],
    ] as const) {
      await devices.applyBatch([
        {
          eventId: `seed-${deviceId}`,
          deviceId,
          occurredAt: '2026-11-21T09:00:00.000Z',
          upsert: {
            oui: '00D09E',
            productClass: 'HG8245',
            serialNumber,
            manufacturer: 'Acme',
            dataModelRoot: 'Device.',
            lastInform: '2026-11-21T09:00:00.000Z',
            online: true,
          },
        },
      ]);
    }
  });
  afterEach(async () => {
    await devices.close();
    await stores.close();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('SetTags', () => {
    it('changes the devices named, or those a filter matches, the same way', async () => {
      const setTags = new SetTags({ devices, inventory: new StoreInventoryWrites(devices) });
      expect(await setTags.execute({ deviceIds: [ALICE], add: ['vip'], remove: [] })).toEqual({
        matched: 1,
      });
      expect(
        await setTags.execute({ filter: { tags: 'vip' }, add: ['fibre'], remove: ['vip'] }),
      ).toEqual({ matched: 1 });
      expect((await devices.get(ALICE))?.tags).toEqual(['fibre']);
    });

    it('refuses, changing nothing: unknown devices (all listed), no tag, a bad tag or filter', async () => {
      const setTags = new SetTags({ devices, inventory: new StoreInventoryWrites(devices) });
      const refusal = (input: Parameters<SetTags['execute']>[0]) =>
        setTags.execute(input).then(
          () => null,
          (error: unknown) => error,
        );

      const missing = await refusal({ deviceIds: [ALICE, GHOST, 'X'], add: ['a'], remove: [] });
      expect(missing).toBeInstanceOf(DeviceNotFoundError);
      expect(missing).toMatchObject({ missing: [GHOST, 'X'], message: `no device ${GHOST}, X` });
      expect(await refusal({ filter: {}, add: [], remove: [] })).toMatchObject({
        reason: 'no-change',
        field: 'add',
      });
      const bad = await refusal({ deviceIds: [ALICE], add: ['bad\u0007bell'], remove: [] });
      expect(bad).toBeInstanceOf(TagChangeRefusedError);
      expect(bad).toMatchObject({ reason: 'invalid-tag', field: 'tags' });
      expect(await refusal({ filter: { $where: '1' }, add: ['a'], remove: [] })).toBeInstanceOf(
        InvalidFilterError,
      );
      expect((await devices.get(ALICE))?.tags).toEqual([]);
    });
  });

  describe('CreateTask', () => {
    it('queues the task and wakes the device when asked; a failed wake-up is an outcome', async () => {
      const createTask = new CreateTask({
        devices,
        tasks: stores.tasks,
        connectionRequests: {
          wake: async () => {
            throw new Error('redis down');
          },
        },
        log,
      });
      const created = await createTask.execute({
        deviceId: ALICE,
        task: { type: 'reboot', payload: {}, connectionRequest: true },
      });
      expect(created.connectionRequest).toEqual({
        outcome: 'error',
        method: null,
        detail: 'the platform could not send it',
      });
      expect(await stores.tasks.get(created.task.id)).toMatchObject({ status: 'pending' });
      expect(errors).toEqual([
        expect.objectContaining({ fields: expect.objectContaining({ error: 'redis down' }) }),
      ]);
      await expect(
        createTask.execute({ deviceId: GHOST, task: { type: 'reboot', payload: {} } }),
      ).rejects.toBeInstanceOf(DeviceNotFoundError);
      expect((await stores.tasks.list({ limit: 10 })).total).toBe(1);
    });
  });

  describe('LoadSubscribers', () => {
    it('names the record whose profile or field is refused, and stores none', async () => {
      const changes: unknown[] = [];
      const loadSubscribers = new LoadSubscribers({
        subscribers: stores.subscribers,
        configurations: stores.configurations,
        changes: { changed: async (change) => void changes.push(change) },
      });
      const alice = { subscriberId: 'a', deviceId: ALICE, data: {} };
      const records = [alice, { subscriberId: 'b', deviceId: BOB, profile: 'nope', data: {} }];
      await expect(loadSubscribers.execute({ records })).rejects.toEqual(
        new ConfigurationNotFoundError('nope', { index: 1, field: 'profile' }),
      );
      const refused = loadSubscribers.execute({
        records: [alice, { subscriberId: 'c', data: {} }],
      });
      await expect(refused).rejects.toBeInstanceOf(SubscriberRecordRefusedError);
      await expect(refused).rejects.toMatchObject({ record: { index: 1, field: 'deviceId' } });
      expect(await stores.subscribers.get('a')).toBeNull();
      expect(changes).toEqual([]);
    });
  });

  describe('RequestConnection', () => {
    it('is unavailable without connection requests, and not found for a device gone meanwhile', async () => {
      await expect(
        new RequestConnection({ devices, connectionRequests: null }).execute({ deviceId: ALICE }),
      ).rejects.toBeInstanceOf(ConnectionRequestsUnavailableError);
      const gone = new RequestConnection({
        devices,
        connectionRequests: { wake: async () => ({ outcome: 'unknown-device', method: null }) },
      });
      await expect(gone.execute({ deviceId: ALICE })).rejects.toBeInstanceOf(DeviceNotFoundError);
    });
  });
});
