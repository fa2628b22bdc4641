import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { secretKeysEnv, useMongoServer } from '@acs/testing';
import { provisioningServiceConfigFromEnv } from './provisioning-config';
import { openServiceStores } from './provisioning-stores';

// Every store the service opens, on MongoDB: one database (the URI's), kept across a restart.
describe('provisioning service stores on MongoDB', () => {
  const mongo = useMongoServer();

  it('opens every store in the database MONGODB_URI names and finds their data after a reopen', async () => {
    const config = provisioningServiceConfigFromEnv({
      REDIS_URL: 'redis://unused',
      KAFKA_BROKERS: 'unused:9092',
      NBI_HOST: '127.0.0.1',
      MONGODB_URI: `${mongo.uri}${mongo.databaseName('provisioning-service')}`,
      ...secretKeysEnv(),
    });
    const first = await openServiceStores(config);
    expect(first.kind).toBe('mongodb');
    const task = await first.provisioning.tasks.create({
      deviceId: 'dev-1',
      type: 'reboot',
      payload: {},
      expiresInSeconds: 60,
      connectionRequest: false,
    });
    const { apiKey, secret } = await first.nbi.apiKeys.create({ name: 'ops', role: 'admin' });
    const configuration = await first.provisioning.configurations.create({
      name: 'wifi',
      parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: 'home' }],
    });
    const image = await first.firmware.images.create({
      version: '2.1',
      fileType: '1 Firmware Upgrade Image',
      rules: { ouis: ['00D09E'] },
    });
    await first.firmware.files.put(image.id, Readable.from([Buffer.from('image bytes')]));
    await first.devices.applyBatch([
      {
        eventId: 'e-1',
        deviceId: 'dev-1',
        occurredAt: '2026-01-01T00:00:00.000Z',
        upsert: { serialNumber: 'SN1', online: true },
      },
    ]);
    await first.close();

    const again = await openServiceStores(config);
    try {
      expect(await again.provisioning.tasks.get(task.id)).toEqual(task);
      expect(await again.nbi.apiKeys.authenticate(secret)).toEqual(apiKey);
      expect(await again.provisioning.configurations.get(configuration.id)).toEqual(configuration);
      expect(await again.devices.get('dev-1')).toMatchObject({ serialNumber: 'SN1' });
      expect(await again.firmware.images.get(image.id)).toEqual(image);
      expect(await text(again.firmware.files.read(image.id))).toBe('image bytes');
    } finally {
      await again.close();
    }
  }, 60_000);
});
