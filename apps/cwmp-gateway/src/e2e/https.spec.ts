import { readFileSync } from 'fs';
import { join } from 'path';
import { deviceIdOf } from '@acs/contracts';
import { simulatedDeviceCredentials } from '../test-support/gateway-stand';
import { nextSession, useGatewayStack } from '../test-support/gateway-stack';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const CERT = join(FIXTURES, 'test-acs.cert.pem');

describe('the gateway over HTTPS with a configured certificate', () => {
  const stack = useGatewayStack({
    credentials: simulatedDeviceCredentials('0253AC', 'SimGateway-181', ['TLS0000']),
    env: {
      CWMP_TLS_CERT_FILE: CERT,
      CWMP_TLS_KEY_FILE: join(FIXTURES, 'test-acs.key.pem'),
      CWMP_AUTH: 'basic',
    },
  });

  it('runs a session over TLS, where Basic is allowed without opting in', async () => {
    expect(stack().gateway.url).toMatch(/^https:/);
    const simulator = await stack().simulate({
      serialPattern: 'TLS%04d',
      tls: { ca: readFileSync(CERT) },
    });
    expect(await nextSession(simulator, 'TLS0000')).toMatchObject({ ok: true });
    const deviceId = deviceIdOf({
      oui: '0253AC',
      productClass: 'SimGateway-181',
      serialNumber: 'TLS0000',
    });
    await stack().orchestrator.waitFor(
      (e) => e.deviceId === deviceId && e.type === 'SessionClosed',
    );
  }, 60_000);
});
