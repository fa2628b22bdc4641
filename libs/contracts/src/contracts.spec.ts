import { readFileSync } from 'fs';
import { join } from 'path';
import { decodeEnvelope, faultOf, Inform } from '@acs/cwmp-codec';
import { deviceIdOf, parseDeviceId } from './device-id';
import { validateOutboxEntry } from './outbox';
import { REDIS_KEYS } from './redis-keys';
import { SessionOpened, validateSessionEvent } from './session-events/session-events';

const fixture = join(
  import.meta.dirname,
  '../../cwmp/codec/src/fixtures/cpe/Inform/tr181-boot.xml',
);

function realInform(): Inform {
  const decoded = decodeEnvelope(readFileSync(fixture), { from: 'cpe' });
  if (!decoded.ok || decoded.value.message.type !== 'Inform')
    throw new Error('fixture is not an Inform');
  return decoded.value.message;
}

const base = {
  schemaVersion: 1 as const,
  eventId: 'e-1',
  deviceId: 'A0B53C-DGA4134-CP2245TA1K7',
  sessionId: 's-1',
  occurredAt: '2026-11-21T09:42:17.120Z',
  gatewayPod: 'gw-0',
};

describe('device ids', () => {
  it('joins OUI, ProductClass and SerialNumber, escaping what would break the format', () => {
    expect(
      deviceIdOf({ oui: 'a0b53c', productClass: 'DGA4134', serialNumber: 'CP2245TA1K7' }),
    ).toBe('A0B53C-DGA4134-CP2245TA1K7');
    const odd = { oui: '00D09E', productClass: 'HG-8245 {H}', serialNumber: '48575443-9A1B' };
    const id = deviceIdOf(odd);
    expect(id).toBe('00D09E-HG%2D8245%20%7BH%7D-48575443%2D9A1B');
    expect(parseDeviceId(id)).toEqual(odd);
  });

  it('keeps every Redis key of a device on one cluster slot', () => {
    const id = deviceIdOf({ oui: '00D09E', productClass: 'X', serialNumber: 'S1' });
    const tags = [REDIS_KEYS.session(id), REDIS_KEYS.lock(id), REDIS_KEYS.outbox(id)].map(
      (key) => /\{([^}]*)\}/.exec(key)?.[1],
    );
    expect(new Set(tags)).toEqual(new Set([id]));
  });
});

describe('session event schemas', () => {
  it('accept a SessionOpened carrying a real decoded Inform', () => {
    const event: SessionOpened = {
      ...base,
      type: 'SessionOpened',
      cwmpVersion: '1.4',
      namespace: 'urn:dslforum-org:cwmp-1-2',
      remoteAddress: '198.51.100.7',
      inform: realInform(),
    };
    expect(validateSessionEvent(JSON.parse(JSON.stringify(event)))).toEqual({
      ok: true,
      value: event,
    });
  });

  it('name the bad field of an invalid event', () => {
    const inform = realInform();
    const broken = {
      ...base,
      type: 'SessionOpened',
      cwmpVersion: '1.4',
      namespace: 'x',
      remoteAddress: '',
      inform: { ...inform, deviceId: { ...inform.deviceId, serialNumber: 7 } },
    };
    const result = validateSessionEvent(broken);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join('\n')).toMatch(/serialNumber/);
    expect(
      validateSessionEvent({
        ...base,
        type: 'SessionClosed',
        reason: 'bored',
        durationMs: 5,
        rpcCount: 0,
      }).ok,
    ).toBe(false);
  });

  it('accept RPC results as response or CPE fault, and refuse an unknown response type', () => {
    const response = {
      ...base,
      type: 'RpcResult',
      rpcId: 'r-1',
      method: 'SetParameterValues',
      result: { kind: 'response', response: { type: 'SetParameterValuesResponse', status: 0 } },
    };
    const fault = {
      ...base,
      type: 'RpcResult',
      rpcId: 'r-1',
      method: 'SetParameterValues',
      result: { kind: 'fault', fault: faultOf(9007) },
    };
    expect(validateSessionEvent(response).ok).toBe(true);
    expect(validateSessionEvent(fault).ok).toBe(true);
    expect(
      validateSessionEvent({
        ...response,
        result: { kind: 'response', response: { type: 'Nope' } },
      }).ok,
    ).toBe(false);
  });

  it('accept CPE requests and closed sessions', () => {
    expect(
      validateSessionEvent({
        ...base,
        type: 'CpeRequest',
        request: {
          type: 'TransferComplete',
          commandKey: 'fw',
          fault: { faultCode: 0, faultString: '' },
          startTime: null,
          completeTime: null,
        },
      }).ok,
    ).toBe(true);
    expect(
      validateSessionEvent({ ...base, type: 'CpeRequest', request: { type: 'Inform' } }).ok,
    ).toBe(false);
    expect(
      validateSessionEvent({
        ...base,
        type: 'SessionClosed',
        reason: 'timeout',
        durationMs: 30012,
        rpcCount: 2,
      }).ok,
    ).toBe(true);
  });
});

describe('outbox entries', () => {
  it('are an ACS request with its ids, or END', () => {
    expect(
      validateOutboxEntry({
        kind: 'rpc',
        rpcId: 'r-1',
        sessionId: 's-1',
        request: { type: 'Reboot', commandKey: 'x' },
      }).ok,
    ).toBe(true);
    expect(validateOutboxEntry({ kind: 'end', sessionId: 's-1' }).ok).toBe(true);
    expect(
      validateOutboxEntry({
        kind: 'rpc',
        rpcId: 'r-1',
        sessionId: 's-1',
        request: { type: 'InformResponse' },
      }).ok,
    ).toBe(false);
  });
});
