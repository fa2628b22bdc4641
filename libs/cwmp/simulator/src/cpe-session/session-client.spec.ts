import { faultOf } from '@acs/cwmp-codec';
import type { GetParameterValuesResponse, Inform, TransferComplete } from '@acs/cwmp-codec';
import { createDeviceState } from '../model/device-state';
import { readParameter } from '../model/tree';
import { TR098_INTERNET_GATEWAY, TR181_HOME_GATEWAY } from '../profiles';
import {
  queueScript,
  Received,
  ScriptedAcs,
  soap,
  typeOf,
  END_SESSION,
} from '../test-support/scripted-acs';
import { verifyDigest } from './digest';
import { DEFAULT_QUIRKS, DeviceQuirks } from './quirks';
import { runSession, SessionDevice } from './session-client';

const OPTIONS = { username: 'SIM000001', password: 'secret', requestTimeoutMs: 5000 };

function newDevice(
  quirks: Partial<DeviceQuirks> = {},
  profile = TR181_HOME_GATEWAY,
): SessionDevice {
  return {
    state: createDeviceState(profile, 'SIM000001', 1),
    quirks: { ...DEFAULT_QUIRKS, ...quirks },
    retryCount: 0,
  };
}

let acs: ScriptedAcs | undefined;
afterEach(async () => {
  await acs?.stop();
  acs = undefined;
});

async function startAcs(script: ConstructorParameters<typeof ScriptedAcs>[0]): Promise<string> {
  acs = new ScriptedAcs(script);
  return acs.start();
}

describe('runSession', () => {
  it('informs with the pending events, answers RPCs until 204, then forgets the delivered events', async () => {
    const acsUrl = await startAcs(
      queueScript([
        { type: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SerialNumber'] },
        {
          type: 'SetParameterValues',
          parameters: [{ name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'garden' }],
          parameterKey: 'pk-1',
        },
      ]),
    );
    const device = newDevice();
    const result = await runSession(device, { ...OPTIONS, acsUrl });
    expect(result).toMatchObject({ ok: true, rpcCount: 2 });
    const sent = acs?.received ?? [];
    expect(sent.map(typeOf)).toEqual([
      'Inform',
      'empty',
      'GetParameterValuesResponse',
      'SetParameterValuesResponse',
    ]);
    const inform = sent[0]?.envelope?.message as Inform;
    expect(inform.events.map((event) => event.eventCode)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    expect(inform.deviceId).toEqual({
      manufacturer: 'Simulated Networks',
      oui: '0253AC',
      productClass: 'SimGateway-181',
      serialNumber: 'SIM000001',
    });
    expect(inform.parameters.map((parameter) => parameter.name)).toContain(
      'Device.ManagementServer.ConnectionRequestURL',
    );
    expect((sent[2]?.envelope?.message as GetParameterValuesResponse).parameters).toEqual([
      { name: 'Device.DeviceInfo.SerialNumber', type: 'string', value: 'SIM000001' },
    ]);
    expect(sent[2]?.envelope?.header.id).toBe('rpc-0');
    expect(readParameter(device.state, 'Device.WiFi.SSID.1.SSID')?.value).toBe('garden');
    expect(device.state.pendingEvents).toEqual([]);
  });

  it('keeps the events when the session fails', async () => {
    const acsUrl = await startAcs(() => ({ status: 500 }));
    const device = newDevice();
    const result = await runSession(device, { ...OPTIONS, acsUrl });
    expect(result).toMatchObject({ ok: false, reason: 'http-status' });
    expect(device.state.pendingEvents.map((event) => event.eventCode)).toEqual([
      '0 BOOTSTRAP',
      '1 BOOT',
    ]);
  });

  it('reports a 503 with its Retry-After', async () => {
    const acsUrl = await startAcs(() => ({ status: 503, headers: { 'Retry-After': '7' } }));
    const result = await runSession(newDevice(), { ...OPTIONS, acsUrl });
    expect(result).toMatchObject({ ok: false, reason: 'busy', retryAfterMs: 7000 });
  });

  it('returns the session cookie on every later request, unless the device never does', async () => {
    const script = queueScript([{ type: 'GetRPCMethods' }], {
      informHeaders: { 'Set-Cookie': ['session=abc123; Path=/; HttpOnly', 'lb=node-2'] },
    });
    let acsUrl = await startAcs(script);
    await runSession(newDevice(), { ...OPTIONS, acsUrl });
    expect(acs?.received.map((request) => request.headers.cookie)).toEqual([
      undefined,
      'session=abc123; lb=node-2',
      'session=abc123; lb=node-2',
    ]);
    await acs?.stop();

    acsUrl = await startAcs(script);
    const result = await runSession(newDevice({ noCookies: true }), { ...OPTIONS, acsUrl });
    expect(result.ok).toBe(true);
    expect(acs?.received.map((request) => request.headers.cookie)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  describe('Digest authentication', () => {
    const issued = new Set<string>();
    /** Nonces the ACS no longer accepts: a right answer to one gets a stale=true challenge. */
    const expired = new Set<string>();
    /** Challenges any request without a valid Authorization; checks nc grows within the session. */
    const digestAcs = (seenCounts: string[]) => {
      const inner = queueScript([{ type: 'GetRPCMethods' }]);
      return (request: Received, self: ScriptedAcs) => {
        const authorization = request.headers.authorization;
        const valid = verifyDigest(authorization, 'POST', {
          username: 'SIM000001',
          password: 'secret',
          realm: 'acs',
          nonceValid: (nonce) => issued.has(nonce) && !expired.has(nonce),
        });
        if (!valid) {
          const stale = expired.has(/nonce="([^"]+)"/.exec(authorization ?? '')?.[1] ?? '');
          const nonce = `n${issued.size}`;
          issued.add(nonce);
          return {
            status: 401,
            headers: {
              'WWW-Authenticate':
                `Digest realm="acs", qop="auth", nonce="${nonce}", opaque="o1"` +
                (stale ? ', stale=true' : ''),
            },
          };
        }
        seenCounts.push(/nc=([0-9a-f]+)/.exec(authorization ?? '')?.[1] ?? '');
        return inner(request, self);
      };
    };

    it('answers the challenge on the same connection and counts nonce uses', async () => {
      const counts: string[] = [];
      const acsUrl = await startAcs(digestAcs(counts));
      const result = await runSession(newDevice(), { ...OPTIONS, acsUrl });
      expect(result.ok).toBe(true);
      expect(counts).toEqual(['00000001', '00000002', '00000003']);
      const [challenged, answered] = acs?.received ?? [];
      expect(answered?.remotePort).toBe(challenged?.remotePort);
    });

    it('answers on a new TCP connection when the device does that', async () => {
      const acsUrl = await startAcs(digestAcs([]));
      const result = await runSession(newDevice({ authOnNewConnection: true }), {
        ...OPTIONS,
        acsUrl,
      });
      expect(result.ok).toBe(true);
      const [challenged, answered] = acs?.received ?? [];
      expect(typeOf(challenged as Received)).toBe('Inform');
      expect(answered?.remotePort).not.toBe(challenged?.remotePort);
    });

    const nonceOf = (request: Received | undefined) =>
      /nonce="([^"]+)"/.exec(request?.headers.authorization ?? '')?.[1];

    it('keeps the challenge and sends it preemptively on its next session, with nc + 1', async () => {
      const counts: string[] = [];
      const acsUrl = await startAcs(digestAcs(counts));
      const device = newDevice();
      expect(await runSession(device, { ...OPTIONS, acsUrl })).toMatchObject({
        ok: true,
        challenges: 1,
      });
      const firstSession = [...(acs?.received ?? [])];
      const next = await runSession(device, { ...OPTIONS, acsUrl });
      expect(next).toMatchObject({ ok: true, challenges: 0 });
      const secondInform = acs?.received[firstSession.length];
      expect(typeOf(secondInform as Received)).toBe('Inform');
      expect(nonceOf(secondInform)).toBe(nonceOf(firstSession[1]));
      expect(secondInform?.remotePort).not.toBe(firstSession[1]?.remotePort);
      expect(counts).toEqual([
        '00000001',
        '00000002',
        '00000003',
        '00000004',
        '00000005',
        '00000006',
      ]);
    });

    it('answers a 401 to its kept nonce with the new challenge, and keeps that one', async () => {
      const counts: string[] = [];
      const acsUrl = await startAcs(digestAcs(counts));
      const device = newDevice();
      await runSession(device, { ...OPTIONS, acsUrl });
      const kept = nonceOf(acs?.received[1]) ?? '';
      expired.add(kept);
      const renewed = await runSession(device, { ...OPTIONS, acsUrl });
      expect(renewed).toMatchObject({ ok: true, challenges: 1 });
      const [preemptive, answered] = (acs?.received ?? []).slice(4);
      expect(nonceOf(preemptive)).toBe(kept);
      expect(nonceOf(answered)).not.toBe(kept);
      expect(await runSession(device, { ...OPTIONS, acsUrl })).toMatchObject({ challenges: 0 });
      expect(nonceOf(acs?.received.at(-3))).toBe(nonceOf(answered));
    });

    it('starts every session without Authorization when the device keeps no challenge', async () => {
      const acsUrl = await startAcs(digestAcs([]));
      const device = newDevice({ noPreemptiveAuth: true });
      await runSession(device, { ...OPTIONS, acsUrl });
      expect(await runSession(device, { ...OPTIONS, acsUrl })).toMatchObject({
        ok: true,
        challenges: 1,
      });
      const secondInform = acs?.received[4];
      expect(typeOf(secondInform as Received)).toBe('Inform');
      expect(secondInform?.headers.authorization).toBeUndefined();
    });

    it('fails with reason auth on a wrong password', async () => {
      const acsUrl = await startAcs(digestAcs([]));
      const result = await runSession(newDevice(), { ...OPTIONS, password: 'wrong', acsUrl });
      expect(result).toMatchObject({ ok: false, reason: 'auth' });
    });
  });

  it('holds its TransferComplete back while the ACS says HoldRequests, and sends it after', async () => {
    const device = newDevice();
    const owed: TransferComplete = {
      type: 'TransferComplete',
      commandKey: 'fw-9',
      fault: { faultCode: 0, faultString: '' },
      startTime: '2026-01-01T00:00:00Z',
      completeTime: '2026-01-01T00:00:05Z',
    };
    device.state = { ...device.state, owedRequests: [owed] };
    const acsUrl = await startAcs(
      queueScript([{ type: 'GetRPCMethods' }], {
        informSoapHeader: { holdRequests: true },
        rpcHeader: () => ({ holdRequests: true }),
      }),
    );
    const result = await runSession(device, { ...OPTIONS, acsUrl });
    expect(result.ok).toBe(true);
    expect(acs?.received.map(typeOf)).toEqual([
      'Inform',
      'empty',
      'GetRPCMethodsResponse',
      'TransferComplete',
      'empty',
    ]);
    expect(device.state.owedRequests).toEqual([]);
  });

  it('sends its own requests before the empty POST when not held', async () => {
    const device = newDevice();
    device.state = {
      ...device.state,
      owedRequests: [
        {
          type: 'TransferComplete',
          commandKey: 'k',
          fault: { faultCode: 0, faultString: '' },
          startTime: null,
          completeTime: null,
        },
      ],
    };
    const acsUrl = await startAcs(queueScript([]));
    await runSession(device, { ...OPTIONS, acsUrl });
    expect(acs?.received.map(typeOf)).toEqual(['Inform', 'TransferComplete', 'empty']);
  });

  it('keeps an own request the ACS answered with 8005 for the next session', async () => {
    const device = newDevice();
    const owed: TransferComplete = {
      type: 'TransferComplete',
      commandKey: 'again',
      fault: { faultCode: 0, faultString: '' },
      startTime: null,
      completeTime: null,
    };
    device.state = { ...device.state, owedRequests: [owed] };
    const inner = queueScript([]);
    const acsUrl = await startAcs((request, self) =>
      typeOf(request) === 'TransferComplete'
        ? soap(faultOf(8005), { id: request.envelope?.header.id ?? '' })
        : inner(request, self),
    );
    const result = await runSession(device, { ...OPTIONS, acsUrl });
    expect(result.ok).toBe(true);
    expect(acs?.received.map(typeOf)).toEqual(['Inform', 'TransferComplete', 'empty']);
    expect(device.state.owedRequests).toEqual([owed]);
  });

  it('answers an unknown ACS method with fault 9000 and goes on', async () => {
    let step = 0;
    const acsUrl = await startAcs((request) => {
      step++;
      if (step === 1)
        return soap(
          { type: 'InformResponse', maxEnvelopes: 1 },
          { id: request.envelope?.header.id ?? '' },
        );
      if (step === 2) {
        return {
          status: 200,
          headers: { 'Content-Type': 'text/xml' },
          body:
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">' +
            '<soap:Header><cwmp:ID soap:mustUnderstand="1">x-1</cwmp:ID></soap:Header><soap:Body><cwmp:X_Frobnicate/></soap:Body></soap:Envelope>',
        };
      }
      return END_SESSION;
    });
    const result = await runSession(newDevice(), { ...OPTIONS, acsUrl });
    expect(result.ok).toBe(true);
    const answer = acs?.received[2]?.envelope;
    expect(answer?.message).toMatchObject({ type: 'Fault', faultCode: 9000 });
    expect(answer?.header.id).toBe('x-1');
  });

  it('announces SupportedCWMPVersions when configured and fails on the ACS fault 8006', async () => {
    const acsUrl = await startAcs((request) =>
      soap({ ...faultOf(8006) }, { id: request.envelope?.header.id ?? '' }),
    );
    const result = await runSession(newDevice({ supportedCwmpVersions: ['1.0', '1.4'] }), {
      ...OPTIONS,
      acsUrl,
    });
    expect(acs?.received[0]?.envelope?.header.supportedCwmpVersions).toEqual(['1.0', '1.4']);
    expect(result).toMatchObject({
      ok: false,
      reason: 'acs-fault',
      detail: 'ACS fault 8006 to the Inform',
    });
  });

  describe('quirks visible on the wire', () => {
    const gpv = {
      type: 'GetParameterValues' as const,
      parameterNames: ['InternetGatewayDevice.ManagementServer.PeriodicInformEnable'],
    };

    it('writes the standard form by default', async () => {
      const acsUrl = await startAcs(queueScript([gpv]));
      await runSession(newDevice({}, TR098_INTERNET_GATEWAY), { ...OPTIONS, acsUrl });
      const [inform, empty, answer] = acs?.received ?? [];
      expect(inform?.headers['content-length']).toBeDefined();
      expect(inform?.headers['content-type']).toBe('text/xml; charset="utf-8"');
      expect(inform?.envelope?.namespace).toBe('urn:dslforum-org:cwmp-1-2');
      expect(empty?.headers['content-type']).toBeUndefined();
      expect(empty?.headers['content-length']).toBe('0');
      expect(answer?.raw.toString()).toContain('<Value xsi:type="xsd:boolean">true</Value>');
    });

    it('chunked, ISO-8859-1, 0/1 booleans, no xsi:type, another namespace, typed empty POST', async () => {
      const acsUrl = await startAcs(queueScript([gpv]));
      const device = newDevice(
        {
          chunkedBodies: true,
          latin1Bodies: true,
          booleansAsDigits: true,
          noXsiType: true,
          namespace: 'urn:dslforum-org:cwmp-1-0',
          emptyPostContentType: true,
        },
        TR098_INTERNET_GATEWAY,
      );
      device.state = {
        ...device.state,
        values: new Map([['InternetGatewayDevice.DeviceInfo.ProvisioningCode', 'Zürich-€']]),
      };
      const result = await runSession(device, { ...OPTIONS, acsUrl });
      expect(result.ok).toBe(true);
      const [inform, empty, answer] = acs?.received ?? [];
      expect(inform?.headers['transfer-encoding']).toBe('chunked');
      expect(inform?.headers['content-length']).toBeUndefined();
      expect(inform?.headers['content-type']).toBe('text/xml; charset=ISO-8859-1');
      expect(inform?.raw.toString('latin1')).toContain('encoding="ISO-8859-1"');
      expect(inform?.raw.includes(Buffer.from('Zürich', 'latin1'))).toBe(true);
      const informed = (inform?.envelope?.message as Inform).parameters.find((p) =>
        p.name.endsWith('ProvisioningCode'),
      );
      expect(informed?.value).toBe('Zürich-€');
      expect(inform?.envelope?.namespace).toBe('urn:dslforum-org:cwmp-1-0');
      expect(empty?.headers['content-type']).toBe('text/xml');
      expect(answer?.raw.toString('latin1')).toContain('<Value>1</Value>');
      expect(answer?.raw.toString('latin1')).not.toContain('xsi:type="xsd:boolean"');
    });
  });
});
