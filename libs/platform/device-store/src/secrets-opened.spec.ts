import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateSecretKeyEntry,
  parseSecretKeys,
  sealConnectionRequestPassword,
  sealParameterValue,
  SecretKeyring,
  SecretParameters,
  type Secrets,
} from '@acs/secrets';
import { EmbeddedDeviceStore } from './embedded/embedded-device-store';
import { secretsOpened } from './secrets-opened';

const PASSPHRASE = 'Device.WiFi.AccessPoint.1.Security.KeyPassphrase';
const SSID = 'Device.WiFi.SSID.1.SSID';
const WPS_PIN = 'Device.WiFi.AccessPoint.1.WPS.PIN';

describe('devices as provisioning sessions read them', () => {
  const directory = mkdtempSync(join(tmpdir(), 'acs-secrets-opened-'));
  const store = new EmbeddedDeviceStore({ directory });
  const secrets: Secrets = {
    keyring: new SecretKeyring(parseSecretKeys(generateSecretKeyEntry('k1'))),
    parameters: new SecretParameters(),
  };
  const log = {
    lines: [] as Array<{ message: string; fields?: Record<string, unknown> }>,
    warn(message: string, fields?: Record<string, unknown>) {
      this.lines.push({ message, ...(fields ? { fields } : {}) });
    },
  };
  const reads = secretsOpened(store, secrets, log);

  beforeAll(async () => {
    const sealedElsewhere = sealParameterValue(secrets.keyring, 'other-device', WPS_PIN, 1234);
    await store.applyBatch([
      {
        eventId: 'inform-1',
        deviceId: 'dev-1',
        occurredAt: new Date().toISOString(),
        upsert: {
          oui: '0253AC',
          productClass: 'Gw',
          serialNumber: 'dev-1',
          connectionRequest: {
            url: 'http://192.0.2.1:7547/cr',
            username: 'cr-user',
            password: sealConnectionRequestPassword(secrets.keyring, 'dev-1', 'cr-secret'),
          },
        },
        setParameters: [
          {
            path: PASSPHRASE,
            value: sealParameterValue(secrets.keyring, 'dev-1', PASSPHRASE, 'correct horse'),
            type: 'xsd:string',
            object: false,
          },
          // A CPE may report a plain value that merely looks sealed: it is not a secret, kept.
          { path: SSID, value: 'acs-enc:v1:k1:not:a:secret', type: 'xsd:string', object: false },
          // Copied from another device: it must not open here.
          { path: WPS_PIN, value: sealedElsewhere, type: 'xsd:unsignedInt', object: false },
        ],
      },
    ]);
  });

  afterAll(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('opens the secret values a preset compares with, in gets and finds alike', async () => {
    const device = await reads.get('dev-1');
    expect(device?.parameters[PASSPHRASE]?.value).toBe('correct horse');
    const page = await reads.find({ filter: { deviceId: 'dev-1' }, limit: 10 });
    expect(page.devices[0]?.parameters[PASSPHRASE]?.value).toBe('correct horse');
    // What a connection request sends.
    expect(page.devices[0]?.connectionRequest).toEqual({
      url: 'http://192.0.2.1:7547/cr',
      username: 'cr-user',
      password: 'cr-secret',
    });
    // The store itself still holds only the sealed value.
    expect((await store.get('dev-1'))?.parameters[PASSPHRASE]?.value).toMatch(/^acs-enc:v1:k1:/);
  });

  it('leaves plain values alone and reads a value that does not open as unknown, logged without it', async () => {
    const device = await reads.get('dev-1');
    expect(device?.parameters[SSID]?.value).toBe('acs-enc:v1:k1:not:a:secret');
    expect(device?.parameters[WPS_PIN]).toBeDefined();
    expect(device?.parameters[WPS_PIN]).not.toHaveProperty('value');
    const warning = log.lines.find((line) => line.fields?.['path'] === WPS_PIN);
    expect(warning).toEqual(
      expect.objectContaining({
        fields: expect.objectContaining({ deviceId: 'dev-1' }),
      }),
    );
    expect(JSON.stringify(log.lines)).not.toContain('1234');
  });
});
