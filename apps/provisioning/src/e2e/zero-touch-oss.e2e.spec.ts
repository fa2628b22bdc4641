import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Configuration } from '@acs/contracts';
import { nextSession } from '@acs/cpe-simulator';
import { useProvisioningStack } from '../test-support/provisioning-stack';

describe('zero-touch with subscriber data fetched from the OSS/BSS over HTTP', () => {
  const asked: string[] = [];
  let profileId = '';
  let oss: Server;
  let ossUrl = '';
  beforeAll(async () => {
    // The OSS knows one subscriber, whose profile the test creates once the API is up.
    oss = createServer((request, response) => {
      const serial = new URL(request.url ?? '/', 'http://oss').searchParams.get('serialNumber');
      asked.push(serial ?? '');
      if (serial !== 'OSS0001') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          subscriberId: 'oss-42',
          serialNumber: serial,
          profile: profileId,
          data: { wifi: { ssid: 'from-the-oss' } },
        }),
      );
    });
    await new Promise<void>((resolve) => oss.listen(0, '127.0.0.1', resolve));
    ossUrl = `http://127.0.0.1:${(oss.address() as AddressInfo).port}/subscribers`;
  });
  const stack = useProvisioningStack({ env: () => ({ SUBSCRIBER_LOOKUP_URL: ossUrl }) });
  afterAll(async () => {
    oss.closeAllConnections();
    await new Promise((resolve) => oss.close(resolve));
  });

  it('applies the profile the OSS names at first contact, and keeps the record', async () => {
    const profile = await stack().api.expect<Configuration>(201, 'POST', '/configurations', {
      name: 'oss profile',
      parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: '{{subscriber:wifi.ssid}}' }],
    });
    profileId = profile.id;
    const simulator = await stack().simulate({ serialPattern: 'OSS%04d', firstOrdinal: 1 });
    const bootstrap = nextSession(simulator, 'OSS0001', 30_000);
    expect(await bootstrap).toEqual(expect.objectContaining({ ok: true }));
    expect(simulator.device('OSS0001').parameter('Device.WiFi.SSID.1.SSID')?.value).toBe(
      'from-the-oss',
    );
    expect(asked).toContain('OSS0001');
    const stored = await stack().api.expect<{ profile?: string }>(
      200,
      'GET',
      '/subscribers/oss-42',
    );
    expect(stored.profile).toBe(profile.id);
  }, 60_000);
});
