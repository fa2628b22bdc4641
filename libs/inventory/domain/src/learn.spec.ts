import { learnInOrder } from './learn';
import { learnFromSessionClosed } from './learn-session-activity';
import { DEFAULT_ONLINE_POLICY } from './online-policy';
import { SimulatedCpe } from '@acs/inventory-testing';

describe('learning a whole session in one batch', () => {
  it('learns each event against what the previous ones taught', () => {
    const cpe = new SimulatedCpe('tr181', 'SIM000100');
    const opened = cpe.inform();
    const gpv = {
      type: 'GetParameterValues' as const,
      parameterNames: ['Device.WiFi.SSID.1.SSID'],
    };
    const read = { ...cpe.answer(gpv), request: gpv };
    const spv = {
      type: 'SetParameterValues' as const,
      parameterKey: 'p1',
      parameters: [
        { name: 'Device.WiFi.SSID.1.SSID', type: 'string' as const, value: 'acme-home' },
      ],
    };
    const written = { ...cpe.answer(spv), request: spv };
    const closed = cpe.closed();

    const learned = learnInOrder([opened, read, written, closed], null, DEFAULT_ONLINE_POLICY);
    expect(learned.steps.map((step) => step.update?.eventId)).toEqual(
      [opened, read, written, closed].map((e) => e.eventId),
    );
    const lifecycle = learned.steps.flatMap((step) => step.lifecycle);
    // The answer to the GPV was about a device the Inform registered a moment before; the SPV's
    // old value is the one the GPV read.
    expect(lifecycle.map((e) => e.type)).toEqual([
      'DeviceRegistered',
      'DeviceBootstrapped',
      'DeviceBooted',
      'DeviceCameOnline',
      'DeviceParametersChanged',
    ]);
    expect(lifecycle[4]).toMatchObject({
      sourceEventId: written.eventId,
      changes: [
        { path: 'Device.WiFi.SSID.1.SSID', oldValue: 'SIM000100-2G', newValue: 'acme-home' },
      ],
    });
    expect(learned.known?.parameters['Device.WiFi.SSID.1.SSID']?.value).toBe('acme-home');
  });

  it('keeps nothing about events of a device it does not know, apart from an Inform', () => {
    const cpe = new SimulatedCpe('tr098', 'IGD000100');
    const closed = cpe.closed('timeout');
    const learned = learnInOrder([closed], null, DEFAULT_ONLINE_POLICY);
    expect(learned).toEqual({
      steps: [{ source: closed, update: null, lifecycle: [] }],
      known: null,
    });
  });
});

describe('learning from a closed session', () => {
  const cpe = new SimulatedCpe('tr181', 'SIM000101');
  const known = learnInOrder([cpe.inform()], null, DEFAULT_ONLINE_POLICY).known;

  it('raises a device fault when the CPE fell silent', () => {
    const event = cpe.closed('timeout');
    expect(learnFromSessionClosed(event, known).update?.addFaults).toEqual([
      {
        faultId: `${event.eventId}:fault`,
        deviceId: cpe.deviceId,
        code: 'session-timeout',
        message: expect.stringContaining('timeout'),
        source: 'session',
        occurredAt: event.occurredAt,
      },
    ]);
  });

  it('only records a session that completed, was taken over or got nothing more from the ACS', () => {
    for (const reason of ['completed', 'taken-over', 'acs-timeout'] as const) {
      const { update } = learnFromSessionClosed(cpe.closed(reason), known);
      expect(update?.addFaults).toBeUndefined();
      expect(update?.addEvents?.[0]).toMatchObject({ kind: 'session-closed', detail: { reason } });
    }
  });
});
