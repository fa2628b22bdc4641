import { generateSecretKeyEntry, parseSecretKeys, SECRET_MASK, SecretKeyring } from '@acs/secrets';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

const DEVICE = '00D09E-HG8245-SEC01';
const PASSWORD = 'Device.ManagementServer.Password';
const PASSPHRASE = 'Device.WiFi.AccessPoint.1.Security.KeyPassphrase';
const PLAINTEXTS = ['acs-pw-4711', 'wifi-pass-0815'];

describe('secret parameters on the API', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    const keyring = new SecretKeyring(parseSecretKeys(generateSecretKeyEntry('api1')));
    nbi = await startTestNbi({ secretKeyring: keyring, provisioning: true });
    await nbi.seed({
      deviceId: DEVICE,
      secrets: { [PASSWORD]: 'acs-pw-4711', [PASSPHRASE]: 'wifi-pass-0815' },
    });
  }, 30_000);
  afterAll(() => nbi.close());

  const get = (path: string, key: string) => nbi.request('GET', `/api/v1${path}`, { key });

  it('shows them as a mask with secret: true to every role, in full, projected and listed views', async () => {
    for (const key of [nbi.keys['read-only'], nbi.keys.admin]) {
      const views = [
        await get(`/devices/${DEVICE}`, key),
        await get(`/devices/${DEVICE}?projection=parameters.Device.ManagementServer.`, key),
        await get(
          `/devices?filter=${encodeURIComponent(JSON.stringify({ deviceId: DEVICE }))}`,
          key,
        ),
      ];
      for (const view of views) {
        expect(view.status).toBe(200);
        const text = JSON.stringify(view.body);
        for (const plaintext of PLAINTEXTS) expect(text).not.toContain(plaintext);
        expect(text).not.toContain('acs-enc');
      }
      const device = views[0]?.body as { parameters: Record<string, unknown> };
      expect(device.parameters[PASSWORD]).toMatchObject({ value: SECRET_MASK, secret: true });
      expect(device.parameters[PASSPHRASE]).toMatchObject({ value: SECRET_MASK, secret: true });
      expect(device.parameters['Device.WiFi.SSID.1.SSID']).not.toHaveProperty('secret');
    }
  });

  it('refuses to filter or sort on a secret value', async () => {
    const filter = encodeURIComponent(
      JSON.stringify({ [`parameters.${PASSWORD}`]: 'acs-pw-4711' }),
    );
    const filtered = await get(`/devices?filter=${filter}`, nbi.keys.admin);
    expect(filtered.status).toBe(400);
    const nested = encodeURIComponent(
      JSON.stringify({ $or: [{ [`parameters.${PASSPHRASE}`]: { $regex: '^w' } }] }),
    );
    expect((await get(`/devices?filter=${nested}`, nbi.keys.admin)).status).toBe(400);
  });

  it('reveals one value to an admin only, and audits each reveal without the value', async () => {
    const route = `/devices/${DEVICE}/secrets/${PASSPHRASE}`;
    expect((await get(route, nbi.keys['read-only'])).status).toBe(403);
    expect((await get(route, nbi.keys.operator)).status).toBe(403);
    const revealed = await get(route, nbi.keys.admin);
    expect(revealed).toMatchObject({
      status: 200,
      body: { path: PASSPHRASE, value: 'wifi-pass-0815' },
    });
    const notSecret = await get(
      `/devices/${DEVICE}/secrets/Device.WiFi.SSID.1.SSID`,
      nbi.keys.admin,
    );
    expect(notSecret.status).toBe(404);

    const entries = await nbi.auditOutcomes(2);
    expect(entries.map((entry) => [entry.action, entry.target, entry.status])).toEqual([
      ['device.secret.reveal', `device:${DEVICE}/Device.WiFi.SSID.1.SSID`, 404],
      ['device.secret.reveal', `device:${DEVICE}/${PASSPHRASE}`, 200],
    ]);
    for (const plaintext of PLAINTEXTS) expect(JSON.stringify(entries)).not.toContain(plaintext);
  });

  it('previews a configuration against the opened values, showing them masked', async () => {
    const admin = nbi.keys.admin;
    const configurationOf = async (passphrase: string) => {
      const created = await nbi.request('POST', '/api/v1/configurations', {
        key: admin,
        body: { name: `wifi ${passphrase}`, parameters: [{ path: PASSPHRASE, value: passphrase }] },
      });
      expect(created.status).toBe(201);
      const { id } = created.body as { id: string };
      const preview = await get(`/devices/${DEVICE}/preview?configurationId=${id}`, admin);
      expect(preview.status).toBe(200);
      return preview.body as { parameters: unknown[]; rpcs: unknown[] };
    };
    // The passphrase the device already has: nothing to set, and no plaintext or ciphertext shown.
    const same = await configurationOf('wifi-pass-0815');
    expect(same.parameters).toEqual([
      { path: PASSPHRASE, value: 'wifi-pass-0815', current: SECRET_MASK },
    ]);
    expect(same.rpcs).toEqual([]);
    const changed = await configurationOf('new-pass-4242');
    expect(changed.parameters).toEqual([
      { path: PASSPHRASE, value: 'new-pass-4242', current: SECRET_MASK },
    ]);
    expect(changed.rpcs).toHaveLength(1);
  });
});
