import type { Inform } from '@acs/cwmp-codec';
import { END_SESSION, ScriptedAcs, soap } from '../test-support/scripted-acs';
import { eventCodes, SimulatorHarness, sessions } from '../test-support/simulator-harness';
import { Simulator } from './simulator';

const h = new SimulatorHarness();
afterEach(() => h.stop());

describe('Simulator', () => {
  it('bootstraps once, then informs without BOOTSTRAP', async () => {
    const simulator = await h.run([]);
    expect(eventCodes(await h.nthInform(1))).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    await sessions(simulator, 1);
    simulator.device('SIM000000').informNow('6 CONNECTION REQUEST');
    expect(eventCodes(await h.nthInform(2))).toEqual(['6 CONNECTION REQUEST']);
    await sessions(simulator, 2);
    expect(simulator.stats()).toMatchObject({ sessionsOk: 2, sessionsFailed: 0 });
  });

  it('retries after a 503, honouring Retry-After, with the events kept and RetryCount raised', async () => {
    const simulator = await h.run([], { retryDelayMs: () => 60_000 }, { busyFirst: 1 });
    await sessions(simulator, 2, 15_000);
    const [first, second] = h.acs?.received ?? [];
    expect((second?.envelope?.message as Inform).retryCount).toBe(1);
    expect(eventCodes(second?.envelope?.message as Inform)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    expect(simulator.stats()).toMatchObject({
      sessionsOk: 1,
      sessionsFailed: 1,
      failuresByReason: { busy: 1 },
    });
    expect(first).toBeDefined();
  }, 20_000);

  it('boots a known fleet with 1 BOOT only, and records when each admitted Inform was answered', async () => {
    const before = Date.now();
    const simulator = await h.run(
      [],
      { devices: 10, firstContactShare: 0.2, recordAdmitted: true },
      { busyFirst: 3 },
    );
    await sessions(simulator, 13, 15_000);
    const bySerial = new Map(
      h.informs().map((inform) => [inform.deviceId.serialNumber, eventCodes(inform)]),
    );
    const firstContact = [...bySerial].filter(([, codes]) => codes.includes('0 BOOTSTRAP'));
    expect(firstContact.map(([serial]) => serial).sort()).toEqual(['SIM000004', 'SIM000009']);
    expect(bySerial.get('SIM000000')).toEqual(['1 BOOT']);
    // The three 503s are not admitted sessions; every device was admitted once in the end.
    const admitted = simulator.admitted();
    expect(admitted.bootsFrom).toBeGreaterThanOrEqual(before);
    expect(admitted.durationsMs).toHaveLength(10);
    expect(admitted.firstAcknowledged.map(([serial]) => serial).sort()).toEqual(
      [...bySerial.keys()].sort(),
    );
    for (const [, at] of admitted.firstAcknowledged) {
      expect(at).toBeGreaterThanOrEqual(admitted.bootsFrom);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
  }, 20_000);

  it('keeps no record of admitted sessions unless asked', async () => {
    const simulator = await h.run([]);
    await sessions(simulator, 1);
    expect(simulator.admitted()).toMatchObject({ firstAcknowledged: [], durationsMs: [] });
  });

  it('backs off per TR-069 after a failed session when no Retry-After is given', async () => {
    h.acs = new ScriptedAcs(() => ({ status: 500 }));
    const acsUrl = await h.acs.start();
    const waits: number[] = [];
    h.sim = new Simulator({
      acsUrl,
      devices: 1,
      periodicEnabled: false,
      retryDelayMs: (failures) => {
        waits.push(failures);
        return 20;
      },
    });
    await h.sim.start();
    await sessions(h.sim, 3);
    expect(waits.slice(0, 3)).toEqual([1, 2, 3]);
    expect(h.sim.stats().failuresByReason).toEqual({ 'http-status': expect.any(Number) });
  });

  it('reboots: the next session says 1 BOOT and M Reboot with the CommandKey', async () => {
    await h.run([[{ type: 'Reboot', commandKey: 'rb-1' }]]);
    expect(eventCodes(await h.nthInform(2))).toEqual(['1 BOOT', 'M Reboot/rb-1']);
  });

  it('factory reset: the tree returns to defaults and the next session bootstraps', async () => {
    const simulator = await h.run([
      [
        {
          type: 'SetParameterValues',
          parameters: [{ name: 'Device.Time.NTPServer1', type: 'string', value: 'ntp.lab' }],
          parameterKey: 'k',
        },
        { type: 'FactoryReset' },
      ],
    ]);
    expect(eventCodes(await h.nthInform(2))).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    expect(simulator.device('SIM000000').parameter('Device.Time.NTPServer1')?.value).toBe(
      'pool.ntp.org',
    );
    expect(simulator.device('SIM000000').parameter('Device.ManagementServer.URL')?.value).toBe(
      `${h.acs?.baseUrl}/acs`,
    );
  });

  it('informs 3 SCHEDULED + M ScheduleInform after the delay', async () => {
    await h.run([[{ type: 'ScheduleInform', delaySeconds: 1, commandKey: 'si-1' }]]);
    expect(eventCodes(await h.nthInform(2))).toEqual(['3 SCHEDULED', 'M ScheduleInform/si-1']);
  });

  it('informs periodically at the configured interval', async () => {
    const simulator = await h.run([], {
      periodicEnabled: true,
      periodicIntervalSeconds: 1,
      periodicJitter: 0,
    });
    expect(eventCodes(await h.nthInform(2, 5000))).toEqual(['2 PERIODIC']);
    expect(simulator.stats().sessionsOk).toBeGreaterThanOrEqual(1);
  });

  it('stops promptly: devices still waiting for a session slot never inform', async () => {
    h.acs = new ScriptedAcs(async (received) => {
      if (received.envelope?.message.type !== 'Inform') return END_SESSION;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return soap({ type: 'InformResponse', maxEnvelopes: 1 }, { id: '1' });
    });
    const acsUrl = await h.acs.start();
    h.sim = new Simulator({ acsUrl, devices: 20, concurrency: 2, periodicEnabled: false });
    await h.sim.start();
    await h.acs.waitFor((received) => received.envelope?.message.type === 'Inform');
    await h.sim.stop();
    const informed = h.informs().length;
    expect(informed).toBeLessThanOrEqual(2);
    expect(h.sim.stats().sessionsOk).toBe(informed);
  });

  it('bounds concurrent sessions in a boot storm', async () => {
    let open = 0;
    let peak = 0;
    h.acs = new ScriptedAcs(async (received) => {
      if (received.envelope?.message.type !== 'Inform') return END_SESSION;
      open++;
      peak = Math.max(peak, open);
      await new Promise((resolve) => setTimeout(resolve, 20));
      open--;
      return soap({ type: 'InformResponse', maxEnvelopes: 1 }, { id: '1' });
    });
    const acsUrl = await h.acs.start();
    h.sim = new Simulator({
      acsUrl,
      devices: 40,
      concurrency: 5,
      periodicEnabled: false,
      serialPattern: 'LAB-%04d',
    });
    await h.sim.start();
    await sessions(h.sim, 40);
    expect(h.sim.stats()).toMatchObject({ sessionsOk: 40, sessionsFailed: 0 });
    expect(peak).toBeLessThanOrEqual(5);
    expect(h.sim.device('LAB-0039').serial).toBe('LAB-0039');
    expect(h.sim.stats().latencyMs.p50).toBeGreaterThan(0);
  });
});
