import { createSocket } from 'node:dgram';
import { udpSignature } from '../connection-request/udp-request';
import { Authenticator, parseChallenge } from '../cpe-session/digest';
import { request } from '../cpe-session/transport';
import { eventCodes, SimulatorHarness, sessions, until } from '../test-support/simulator-harness';

const h = new SimulatorHarness();
afterEach(() => h.stop());

describe('device-initiated traffic', () => {
  it('reports an active value change at once, a passive one with the next Inform', async () => {
    const simulator = await h.run([
      [
        {
          type: 'SetParameterAttributes',
          parameters: [
            {
              name: 'Device.WiFi.SSID.1.SSID',
              notificationChange: true,
              notification: 2,
              accessListChange: false,
              accessList: [],
            },
            {
              name: 'Device.Time.LocalTimeZone',
              notificationChange: true,
              notification: 1,
              accessListChange: false,
              accessList: [],
            },
          ],
        },
      ],
    ]);
    await sessions(simulator, 1);
    const device = simulator.device('SIM000000');
    device.changeLocally('Device.Time.LocalTimeZone', 'CET');
    device.changeLocally('Device.WiFi.SSID.1.SSID', 'lobby');
    const inform = await h.nthInform(2);
    expect(eventCodes(inform)).toEqual(['4 VALUE CHANGE']);
    expect(inform.parameters).toEqual(
      expect.arrayContaining([
        { name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'lobby' },
        { name: 'Device.Time.LocalTimeZone', type: 'string', value: 'CET' },
      ]),
    );
    expect(() => device.changeLocally('Device.WiFi.Radio.1.Channel', 'six')).toThrow(
      'does not fit',
    );
  });

  it('sends every CPE request method the ACS must answer, each with its event', async () => {
    const simulator = await h.run([]);
    await sessions(simulator, 1);
    const device = simulator.device('SIM000000');
    const fault = { faultCode: 0, faultString: '' };
    device.sendRequest({ type: 'GetRPCMethods' });
    device.sendRequest({
      type: 'RequestDownload',
      fileType: '1 Firmware Upgrade Image',
      fileTypeArgs: [],
    });
    device.sendRequest({
      type: 'Kicked',
      command: 'cmd',
      referer: 'http://portal/',
      arg: 'a',
      next: 'http://portal/next',
    });
    device.sendRequest({
      type: 'AutonomousTransferComplete',
      announceUrl: '',
      transferUrl: 'http://files/x.bin',
      isDownload: true,
      fileType: '1 Firmware Upgrade Image',
      fileSize: 10,
      targetFileName: '',
      fault,
      startTime: null,
      completeTime: null,
    });
    device.sendRequest({ type: 'AutonomousDUStateChangeComplete', results: [] });
    await until(() => device.state.owedRequests.length === 0 && !device.sessionInProgress);
    const sent = (h.acs?.messages() ?? []).map((message) => message.type);
    expect(sent).toEqual(
      expect.arrayContaining([
        'GetRPCMethods',
        'RequestDownload',
        'Kicked',
        'AutonomousTransferComplete',
        'AutonomousDUStateChangeComplete',
      ]),
    );
    const events = h
      .informs()
      .slice(1)
      .flatMap((inform) => eventCodes(inform));
    expect(events).toEqual(
      expect.arrayContaining([
        '9 REQUEST DOWNLOAD',
        '5 KICKED',
        '10 AUTONOMOUS TRANSFER COMPLETE',
        '12 AUTONOMOUS DU STATE CHANGE COMPLETE',
      ]),
    );
    expect(simulator.stats().sessionsFailed).toBe(0);
    expect(device.state.owedRequests).toEqual([]);
  });
});

describe('connection requests', () => {
  const options = {
    connectionRequests: { host: '127.0.0.1' },
    connectionRequestPassword: 'cr-pass',
  };

  it('answers an HTTP GET with Digest auth by starting a 6 CONNECTION REQUEST session', async () => {
    const simulator = await h.run([], options);
    await sessions(simulator, 1);
    const device = simulator.device('SIM000000');
    const url = new URL(
      String(device.parameter('Device.ManagementServer.ConnectionRequestURL')?.value),
    );
    const challenge = await request(url, {
      method: 'GET',
      headers: {},
      agent: false,
      timeoutMs: 5000,
    });
    expect(challenge.status).toBe(401);
    const wrong = new Authenticator(
      parseChallenge(challenge.headers['www-authenticate']) as never,
      'SIM000000',
      'nope',
    );
    const refused = await request(url, {
      method: 'GET',
      headers: { Authorization: wrong.header('GET', url.pathname) },
      agent: false,
      timeoutMs: 5000,
    });
    expect(refused.status).toBe(401);
    const auth = new Authenticator(
      parseChallenge(challenge.headers['www-authenticate']) as never,
      'SIM000000',
      'cr-pass',
    );
    const accepted = await request(url, {
      method: 'GET',
      headers: { Authorization: auth.header('GET', url.pathname) },
      agent: false,
      timeoutMs: 5000,
    });
    expect(accepted.status).toBe(200);
    expect(eventCodes(await h.nthInform(2))).toEqual(['6 CONNECTION REQUEST']);
  });

  it('accepts a signed UDP request once, drops copies, replays, old timestamps and bad signatures', async () => {
    const simulator = await h.run([], options);
    await sessions(simulator, 1);
    const [host, port] = String(
      simulator.device('SIM000000').parameter('Device.ManagementServer.UDPConnectionRequestAddress')
        ?.value,
    ).split(':');
    const socket = createSocket('udp4');
    const send = (fields: { ts: number; id: string; cn: string }, password = 'cr-pass') => {
      const base = { ts: String(fields.ts), id: fields.id, un: 'SIM000000', cn: fields.cn };
      const sig = udpSignature(password, base);
      const text = `GET http://${host}:${port}?ts=${base.ts}&id=${base.id}&un=${base.un}&cn=${base.cn}&sig=${sig} HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`;
      return new Promise<void>((resolve) => socket.send(text, Number(port), host, () => resolve()));
    };
    const now = Math.floor(Date.now() / 1000);
    await send({ ts: now, id: '100', cn: 'abc' }, 'wrong-password');
    await send({ ts: now - 7200, id: '101', cn: 'abc' });
    await send({ ts: now, id: '102', cn: 'abc' });
    await send({ ts: now, id: '102', cn: 'abc' });
    expect(eventCodes(await h.nthInform(2))).toEqual(['6 CONNECTION REQUEST']);
    await sessions(simulator, 2);
    await send({ ts: now - 1, id: '103', cn: 'abc' }); // older than the last accepted: dropped
    await send({ ts: now + 1, id: '104', cn: 'def' });
    await h.nthInform(3);
    await sessions(simulator, 3);
    socket.close();
    expect(h.informs()).toHaveLength(3);
  });
});
