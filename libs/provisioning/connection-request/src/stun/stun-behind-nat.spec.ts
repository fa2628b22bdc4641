import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import type { Inform } from '@acs/cwmp-codec';
import { ConnectionRequestService } from '../connection-request-service';
import { HttpConnectionRequester } from '../http/http-connection-requester';
import { InMemoryRateLimiter } from '../rate-limit/in-memory-rate-limiter';
import { CR_PASSWORD, SimulatedCpe } from '../test-support/simulated-cpe';
import { UdpNat } from '../test-support/udp-nat';
import { UdpConnectionRequester } from '../udp/udp-connection-requester';
import { BindingRequestSeen } from './binding';
import { encodeStunMessage, STUN_TYPE } from './stun-message';
import { StunServer } from './stun-server';

const MS = 'Device.ManagementServer.';

const reported = (inform: Inform, name: string) =>
  inform.parameters.find((parameter) => parameter.name === `${MS}${name}`)?.value;

describe('a simulated CPE behind NAT with STUN', () => {
  const stun = new StunServer({ port: 0, host: '127.0.0.1' });
  let nat: UdpNat;
  let cpe: SimulatedCpe | undefined;

  beforeEach(async () => {
    await stun.start();
    nat = new UdpNat({ address: '127.0.0.1', port: stun.address().port });
    await nat.start();
  });
  afterEach(async () => {
    await cpe?.stop();
    await nat.stop();
    await stun.stop();
  });

  it('reports the public address STUN found once the ACS turns STUN on, and is woken there over UDP', async () => {
    // The ACS, in the boot session: active notification on the UDP address, then STUN on.
    cpe = await SimulatedCpe.start({ stunKeepAliveMs: 200 }, [
      {
        type: 'SetParameterAttributes',
        parameters: [
          {
            name: `${MS}UDPConnectionRequestAddress`,
            notificationChange: true,
            notification: 2,
            accessListChange: false,
            accessList: [],
          },
        ],
      },
      {
        type: 'SetParameterValues',
        parameterKey: 'stun-on',
        parameters: [
          { name: `${MS}STUNEnable`, type: 'boolean', value: true },
          { name: `${MS}STUNServerAddress`, type: 'string', value: '127.0.0.1' },
          { name: `${MS}STUNServerPort`, type: 'unsignedInt', value: nat.insidePort },
        ],
      },
    ]);
    const inform = await cpe.waitForInform((events) => events.includes('4 VALUE CHANGE'));
    expect(reported(inform, 'UDPConnectionRequestAddress')).toBe(nat.publicAddress);
    expect(cpe.parameter('NATDetected')).toBe('true');

    // The ACS wakes it at the reported address; its URL holds an address nobody can reach.
    const service = new ConnectionRequestService({
      http: new HttpConnectionRequester({ timeoutMs: 1000 }),
      udp: new UdpConnectionRequester({ sender: stun, spacingMs: 5 }),
      rateLimiter: new InMemoryRateLimiter(),
    });
    await cpe.waitUntil(() => !cpe?.device.sessionInProgress, 'the value-change session to end');
    const outcome = await service.execute({
      deviceId: 'dev-behind-nat',
      udpAddress: String(reported(inform, 'UDPConnectionRequestAddress')),
      username: cpe.username,
      password: CR_PASSWORD,
    });
    expect(outcome).toMatchObject({ outcome: 'sent', method: 'udp' });
    await cpe.waitForInform((events) => events.includes('6 CONNECTION REQUEST'));
  }, 30_000);

  it('sends no Binding request until STUN is enabled', async () => {
    const seen: BindingRequestSeen[] = [];
    const watched = new StunServer({
      port: 0,
      host: '127.0.0.1',
      onBindingRequest: (request) => seen.push(request),
    });
    await watched.start();
    const marker = dgram.createSocket('udp4');
    try {
      cpe = await SimulatedCpe.start({ stunKeepAliveMs: 50 }, [
        {
          type: 'SetParameterValues',
          parameterKey: 'server-only',
          parameters: [
            { name: `${MS}STUNServerAddress`, type: 'string', value: '127.0.0.1' },
            { name: `${MS}STUNServerPort`, type: 'unsignedInt', value: watched.address().port },
          ],
        },
      ]);
      // A second session passes the point where STUN would start; then a marker request of
      // our own: if the CPE had sent anything, it would have reached the server first.
      cpe.device.informNow('2 PERIODIC');
      await cpe.waitForInform((events) => events.includes('2 PERIODIC'));
      await cpe.waitUntil(() => !cpe?.device.sessionInProgress, 'the periodic session to end');
      await new Promise<void>((resolve) => marker.bind(0, '127.0.0.1', resolve));
      const request = encodeStunMessage({
        type: STUN_TYPE.bindingRequest,
        transactionId: randomBytes(12),
        attributes: [],
      });
      marker.send(request, watched.address().port, '127.0.0.1');
      await cpe.waitUntil(() => seen.length > 0, 'the marker request');
      expect(seen.map((entry) => entry.mapped.port)).toEqual([marker.address().port]);

      cpe.device.changeLocally(`${MS}STUNEnable`, true);
      cpe.device.informNow('2 PERIODIC');
      await cpe.waitUntil(() => seen.length > 1, 'a Binding request once STUN is on');
      expect(seen[1]?.connectionRequestBinding).toBe(true);
    } finally {
      marker.close();
      await watched.stop();
    }
  }, 30_000);
});
