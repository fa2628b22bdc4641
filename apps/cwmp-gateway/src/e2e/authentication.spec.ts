import { deviceIdOf } from '@acs/contracts';
import { encodeEnvelope } from '@acs/cwmp-codec';
import { simulatedDeviceCredentials } from '../test-support/gateway-stand';
import { nextSession, useGatewayStack } from '../test-support/gateway-stack';
import { RawCpe } from '../test-support/raw-cpe';

const OUI = '0253AC';
const PRODUCT_CLASS = 'SimGateway-181';
const SERIALS = ['AUTH0000', 'AUTH0001', 'AUTH0002', 'AUTH0003'];
const deviceOf = (serial: string) =>
  deviceIdOf({ oui: OUI, productClass: PRODUCT_CLASS, serialNumber: serial });
const credentials = simulatedDeviceCredentials(OUI, PRODUCT_CLASS, SERIALS);

describe('CPE authentication with Digest', () => {
  const stack = useGatewayStack({ credentials });

  it('lets a CPE in with the right password, even when it answers the challenge on a new connection', async () => {
    const simulator = await stack().simulate({
      serialPattern: 'AUTH%04d',
      devices: 2,
      quirks: (ordinal) => ({ authOnNewConnection: ordinal === 1 }),
    });
    const sessions = [nextSession(simulator, 'AUTH0000'), nextSession(simulator, 'AUTH0001')];
    for (const session of await Promise.all(sessions)) expect(session).toMatchObject({ ok: true });
    await stack().orchestrator.waitFor(
      (e) => e.deviceId === deviceOf('AUTH0001') && e.type === 'SessionClosed',
    );
    // Inventory's security posture reads how the CPE authenticated.
    const opened = stack()
      .orchestrator.eventsOf(deviceOf('AUTH0001'))
      .find((e) => e.type === 'SessionOpened');
    expect(opened).toMatchObject({ cpeAuthentication: 'digest' });
  }, 60_000);

  it('lets a CPE that kept its nonce in on its next session without a 401', async () => {
    const simulator = await stack().simulate({
      serialPattern: 'AUTH%04d',
      devices: 2,
      quirks: (ordinal) => ({ noPreemptiveAuth: ordinal === 1 }),
    });
    const twoSessions = async (serial: string) => {
      const first = await nextSession(simulator, serial);
      const second = nextSession(simulator, serial);
      simulator.device(serial).informNow('2 PERIODIC');
      return [first, await second];
    };
    const [reusing, forgetting] = await Promise.all([
      twoSessions('AUTH0000'),
      twoSessions('AUTH0001'),
    ]);
    expect(reusing).toMatchObject([
      { ok: true, challenges: 1 },
      { ok: true, challenges: 0 },
    ]);
    expect(forgetting).toMatchObject([
      { ok: true, challenges: 1 },
      { ok: true, challenges: 1 },
    ]);
  }, 60_000);

  it('refuses a wrong password with 401, counts it, and publishes nothing', async () => {
    const simulator = await stack().simulate({
      serialPattern: 'AUTH%04d',
      firstOrdinal: 2,
      acsPassword: 'wrong',
    });
    expect(await nextSession(simulator, 'AUTH0002')).toMatchObject({ ok: false, reason: 'auth' });
    await simulator.stop();
    const metrics = await (await fetch(`${stack().gateway.opsUrl}/metrics`)).text();
    expect(metrics).toMatch(/acs_gateway_auth_failures_total\{reason="bad-credentials"\} [1-9]/);
    expect(stack().orchestrator.eventsOf(deviceOf('AUTH0002'))).toEqual([]);
  }, 60_000);

  it('refuses Basic over plain HTTP unless the operator allows it', async () => {
    const cpe = new RawCpe(stack().gateway.url, 'AUTH0003');
    const basic = `Basic ${Buffer.from('AUTH0003:cpe-secret').toString('base64')}`;
    const answer = await cpe.inform();
    expect(answer.status).toBe(401);
    expect(String(answer.headers['www-authenticate'])).toMatch(/^Digest /);
    const refused = await rawInform(cpe, basic);
    expect(refused.status).toBe(401);
  }, 30_000);
});

describe('CPE authentication with Basic, allowed over HTTP by configuration', () => {
  const stack = useGatewayStack({
    credentials,
    env: { CWMP_AUTH: 'basic', CWMP_ALLOW_BASIC_OVER_HTTP: 'true' },
  });

  it('challenges with Basic and lets the right password in', async () => {
    const simulator = await stack().simulate({ serialPattern: 'AUTH%04d', firstOrdinal: 3 });
    expect(await nextSession(simulator, 'AUTH0003')).toMatchObject({ ok: true });
    const opened = await stack().orchestrator.waitFor(
      (e) => e.deviceId === deviceOf('AUTH0003') && e.type === 'SessionOpened',
    );
    expect(opened).toMatchObject({ cpeAuthentication: 'basic' });
    const cpe = new RawCpe(stack().gateway.url, 'AUTH0003');
    const challenge = await cpe.inform();
    expect(challenge.status).toBe(401);
    expect(String(challenge.headers['www-authenticate'])).toMatch(/^Basic realm="acs"/);
  }, 60_000);
});

/** An Inform of the raw CPE's device with the given Authorization header. */
async function rawInform(cpe: RawCpe, authorization: string) {
  const body = encodeEnvelope({
    namespace: 'urn:dslforum-org:cwmp-1-2',
    header: { id: '1' },
    message: {
      type: 'Inform',
      deviceId: {
        manufacturer: 'Sim',
        oui: OUI,
        productClass: PRODUCT_CLASS,
        serialNumber: cpe.serialNumber,
      },
      events: [{ eventCode: '2 PERIODIC', commandKey: '' }],
      maxEnvelopes: 1,
      currentTime: null,
      retryCount: 0,
      parameters: [],
    },
  });
  return cpe.post(body, { authorization });
}
