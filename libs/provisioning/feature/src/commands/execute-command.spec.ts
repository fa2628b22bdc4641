import { assertPublicMessage, TOPICS, type AcsCommandResult } from '@acs/contracts';
import { InProcessEventBus } from '@acs/event-bus';
import { openEmbeddedProvisioningStores } from '@acs/provisioning-data-access';
import { ExecuteCommand } from './execute-command';
import { CommandFixture } from './test-support/command-fixture';

const ALICE = '00D09E-HG8245-ALICE1';
const BOB = '00D09E-HG8245-BOB2';
const GHOST = '00D09E-HG8245-GHOST';

let sequence = 0;
const command = (type: string, fields: Record<string, unknown>) =>
  JSON.stringify({ schemaVersion: 1, commandId: `cmd-${++sequence}`, type, ...fields });

describe('ExecuteCommand', () => {
  let fixture: CommandFixture;
  let published: AcsCommandResult[];
  let executeCommand: ExecuteCommand;
  let bus: InProcessEventBus;

  beforeEach(async () => {
    fixture = new CommandFixture();
    await fixture.seedDevice(ALICE, 'ALICE1');
    await fixture.seedDevice(BOB, 'BOB2');
    published = [];
    bus = new InProcessEventBus();
    bus.subscribe(TOPICS.commandResults, (message) => {
      const result = assertPublicMessage(TOPICS.commandResults, message.value);
      expect(message.key).toBe(result.commandId);
      published.push(result);
    });
    executeCommand = new ExecuteCommand(fixture.ports(bus));
  });
  afterEach(() => fixture.close());

  async function execute(raw: string): Promise<AcsCommandResult | null> {
    const result = await executeCommand.execute(raw);
    // What execute returns is what went out on acs.command-results.
    if (result) expect(published[published.length - 1]).toEqual(result);
    return result;
  }

  const gold = () => fixture.provisioning.configurations.create({ name: 'gold' });

  describe('createTask', () => {
    it('queues the task for the device and says which', async () => {
      const result = await execute(
        command('createTask', {
          deviceId: ALICE,
          task: { type: 'getParameterValues', payload: { parameterNames: ['Device.WiFi.'] } },
        }),
      );
      expect(result).toMatchObject({ status: 'succeeded', type: 'createTask' });
      const taskId = result?.result?.['taskId'] as string;
      expect(await fixture.provisioning.tasks.get(taskId)).toMatchObject({
        deviceId: ALICE,
        status: 'pending',
        type: 'getParameterValues',
        payload: { parameterNames: ['Device.WiFi.'] },
        connectionRequest: false,
      });
      expect(fixture.connectionRequests.woken).toEqual([]);
    });

    it('wakes the device when the task asks for a connection request', async () => {
      fixture.connectionRequests.answer = { outcome: 'busy', detail: 'HTTP 503' };
      const result = await execute(
        command('createTask', {
          deviceId: ALICE,
          task: { type: 'reboot', payload: {}, connectionRequest: true },
        }),
      );
      // Queued either way: the device runs it at its next session.
      expect(result).toMatchObject({
        status: 'succeeded',
        result: { connectionRequest: { outcome: 'busy', detail: 'HTTP 503' } },
      });
      expect(fixture.connectionRequests.woken).toEqual([ALICE]);
    });

    it('fails for an unknown device and queues nothing', async () => {
      const result = await execute(
        command('createTask', { deviceId: GHOST, task: { type: 'reboot', payload: {} } }),
      );
      expect(result).toMatchObject({
        status: 'failed',
        error: { code: 'device-not-found' },
        result: { missing: [GHOST] },
      });
      expect((await fixture.provisioning.tasks.list({ limit: 10 })).total).toBe(0);
    });
  });

  describe('runDiagnostic', () => {
    const traceRoute = (deviceId: string, inputs: Record<string, unknown>) =>
      execute(command('runDiagnostic', { deviceId, diagnostic: 'traceRoute', inputs }));

    it('queues the run on a device that has the diagnostic and names it', async () => {
      await fixture.devices.applyBatch([
        {
          eventId: 'trace-route-object',
          deviceId: BOB,
          occurredAt: '2026-11-21T09:00:01.000Z',
          setParameters: [
            {
              path: 'Device.IP.Diagnostics.TraceRoute.DiagnosticsState',
              object: false,
              value: 'None',
            },
          ],
        },
      ]);
      const result = await traceRoute(BOB, { host: 'example.net', maxHopCount: 20 });
      expect(result).toMatchObject({ status: 'succeeded', type: 'runDiagnostic' });
      const runId = result?.result?.['runId'] as string;
      expect(await fixture.provisioning.tasks.get(runId)).toMatchObject({
        type: 'diagnostic',
        payload: { diagnostic: 'traceRoute', dataModel: 'Device.', inputs: { maxHopCount: 20 } },
      });
      const refused = await traceRoute(BOB, { host: 'example.net', maxHopCount: 65 });
      expect(refused).toMatchObject({
        status: 'failed',
        error: { code: 'invalid-diagnostic-inputs' },
        result: { problems: [expect.stringMatching(/^\/inputs\/maxHopCount/)] },
      });
    });

    it('fails with diagnostic-unsupported for a device without it, and queues nothing', async () => {
      const result = await traceRoute(ALICE, { host: 'example.net' });
      expect(result).toMatchObject({ status: 'failed', error: { code: 'diagnostic-unsupported' } });
      expect((await fixture.provisioning.tasks.list({ limit: 10 })).total).toBe(0);
    });
  });

  describe('setTags', () => {
    it('adds and removes tags on every device named', async () => {
      await fixture.devices.updateTags({ deviceId: BOB }, ['trial'], []);
      const result = await execute(
        command('setTags', { deviceIds: [ALICE, BOB], add: ['vip', 'fibre'], remove: ['trial'] }),
      );
      expect(result).toMatchObject({ status: 'succeeded', result: { matched: 2 } });
      expect(await fixture.tagsOf(ALICE)).toEqual(['fibre', 'vip']);
      expect(await fixture.tagsOf(BOB)).toEqual(['fibre', 'vip']);
    });

    it('fails whole when one device is unknown, naming it, and tags no device', async () => {
      const result = await execute(
        command('setTags', { deviceIds: [ALICE, GHOST], add: ['vip'], remove: [] }),
      );
      expect(result).toMatchObject({
        status: 'failed',
        error: { code: 'device-not-found', message: `no device ${GHOST}` },
        result: { missing: [GHOST] },
      });
      expect(await fixture.tagsOf(ALICE)).toEqual([]);
    });

    it('fails for a tag the store refuses, and tags no device', async () => {
      const result = await execute(
        command('setTags', { deviceIds: [ALICE], add: ['ok', 'bad\u0007bell'], remove: [] }),
      );
      expect(result).toMatchObject({ status: 'failed', error: { code: 'invalid-tags' } });
      expect(result?.error?.message).toMatch(/control characters/);
      expect(await fixture.tagsOf(ALICE)).toEqual([]);
    });

    // As the operator API refuses it: a change naming no tag is a caller's mistake.
    it('fails for a change naming no tag to add or remove', async () => {
      const result = await execute(command('setTags', { deviceIds: [ALICE], add: [], remove: [] }));
      expect(result).toMatchObject({
        status: 'failed',
        error: { code: 'invalid-tags', message: 'add: give at least one tag to add or remove' },
      });
    });
  });

  describe('loadSubscribers', () => {
    it('stores every record', async () => {
      const { id } = await gold();
      const result = await execute(
        command('loadSubscribers', {
          records: [
            { subscriberId: 'sub-1', deviceId: ALICE, profile: id, data: { ssid: 'alice' } },
            { subscriberId: 'sub-2', serialNumber: 'NEW9', data: { ssid: 'new' } },
          ],
        }),
      );
      expect(result).toMatchObject({ status: 'succeeded', result: { upserted: 2 } });
      expect(await fixture.provisioning.subscribers.get('sub-1')).toMatchObject({
        deviceId: ALICE,
        profile: id,
        data: { ssid: 'alice' },
      });
      expect(await fixture.provisioning.subscribers.get('sub-2')).toMatchObject({
        serialNumber: 'NEW9',
      });
      expect(fixture.changes).toEqual([
        { kind: 'subscriber', id: 'sub-1' },
        { kind: 'subscriber', id: 'sub-2' },
      ]);
    });

    it('fails for a profile naming no configuration, and stores none of the records', async () => {
      const result = await execute(
        command('loadSubscribers', {
          records: [
            { subscriberId: 'sub-1', deviceId: ALICE, data: {} },
            { subscriberId: 'sub-2', deviceId: BOB, profile: 'no-such', data: {} },
          ],
        }),
      );
      expect(result).toMatchObject({
        status: 'failed',
        error: {
          code: 'configuration-not-found',
          message: 'records[1].profile: no configuration no-such',
        },
      });
      expect(await fixture.provisioning.subscribers.get('sub-1')).toBeNull();
      expect(fixture.changes).toEqual([]);
    });

    it('fails for a record naming no device, and stores none of the records', async () => {
      const result = await execute(
        command('loadSubscribers', {
          records: [
            { subscriberId: 'sub-1', deviceId: ALICE, data: {} },
            { subscriberId: 'sub-2', data: {} },
          ],
        }),
      );
      expect(result).toMatchObject({
        status: 'failed',
        error: { code: 'invalid-subscriber-records' },
      });
      expect(result?.error?.message).toMatch(/^records\[1\]\.deviceId: names no device/);
      expect(await fixture.provisioning.subscribers.get('sub-1')).toBeNull();
    });
  });

  describe('applyProfile', () => {
    it('gives a device without a record one of its own, with the profile', async () => {
      const { id } = await gold();
      const result = await execute(
        command('applyProfile', { deviceId: ALICE, configurationId: id, data: { vlan: 7 } }),
      );
      expect(result).toMatchObject({
        status: 'succeeded',
        result: { subscriberId: `device:${ALICE}`, created: true },
      });
      expect(await fixture.provisioning.subscribers.get(`device:${ALICE}`)).toEqual({
        subscriberId: `device:${ALICE}`,
        deviceId: ALICE,
        profile: id,
        data: { vlan: 7 },
      });
    });

    it("sets the profile on the device's existing record, found by serial number", async () => {
      const { id } = await gold();
      await fixture.provisioning.subscribers.upsert([
        { subscriberId: 'crm-77', serialNumber: 'BOB2', oui: '00D09E', data: { ssid: 'bob' } },
      ]);
      const result = await execute(command('applyProfile', { deviceId: BOB, configurationId: id }));
      expect(result).toMatchObject({
        status: 'succeeded',
        result: { subscriberId: 'crm-77', created: false },
      });
      expect(await fixture.provisioning.subscribers.get('crm-77')).toMatchObject({
        deviceId: BOB,
        serialNumber: 'BOB2',
        profile: id,
        data: { ssid: 'bob' },
      });
      expect(await fixture.provisioning.subscribers.get(`device:${BOB}`)).toBeNull();
    });

    it('fails for an unknown configuration or device, and writes no record', async () => {
      const { id } = await gold();
      const noConfiguration = await execute(
        command('applyProfile', { deviceId: ALICE, configurationId: 'no-such' }),
      );
      const noDevice = await execute(
        command('applyProfile', { deviceId: GHOST, configurationId: id }),
      );
      expect(noConfiguration).toMatchObject({
        status: 'failed',
        error: { code: 'configuration-not-found' },
      });
      expect(noDevice).toMatchObject({ status: 'failed', error: { code: 'device-not-found' } });
      expect((await fixture.provisioning.subscribers.list({ limit: 10 })).total).toBe(0);
    });
  });

  describe('connectionRequest', () => {
    it('succeeds when the device was reached', async () => {
      const result = await execute(command('connectionRequest', { deviceId: ALICE }));
      expect(result).toMatchObject({ status: 'succeeded', result: { outcome: 'ok' } });
      expect(fixture.connectionRequests.woken).toEqual([ALICE]);
    });

    it('fails with the outcome when the device could not be reached', async () => {
      fixture.connectionRequests.answer = { outcome: 'unreachable', detail: 'ECONNREFUSED' };
      const result = await execute(command('connectionRequest', { deviceId: ALICE }));
      expect(result).toMatchObject({
        status: 'failed',
        error: { code: 'connection-request-failed' },
        result: { outcome: 'unreachable', detail: 'ECONNREFUSED' },
      });
    });

    it('fails for an unknown device without trying', async () => {
      const result = await execute(command('connectionRequest', { deviceId: GHOST }));
      expect(result).toMatchObject({ status: 'failed', error: { code: 'device-not-found' } });
      expect(fixture.connectionRequests.woken).toEqual([]);
    });
  });

  describe('controlCampaign', () => {
    const control = command('controlCampaign', {
      campaignId: 'c-1',
      action: 'pause',
      note: 'freeze',
    });

    it('fails with campaigns-unavailable where no firmware context is hosted', async () => {
      const result = await execute(control);
      expect(result).toMatchObject({ status: 'failed', error: { code: 'campaigns-unavailable' } });
    });

    it("runs the firmware context's action and reports the campaign's state or its refusal", async () => {
      const asked: unknown[] = [];
      const answers = [
        { outcome: 'done' as const, state: 'paused' },
        { outcome: 'not-found' as const, message: 'no campaign c-9' },
        { outcome: 'state-conflict' as const, message: 'cannot resume a campaign that is running' },
      ];
      executeCommand = new ExecuteCommand({
        ...fixture.ports(bus),
        campaigns: {
          control: async (...args) => {
            asked.push(args);
            const answer = answers.shift();
            if (!answer) throw new Error('no more answers');
            return answer;
          },
        },
      });
      expect(await execute(control)).toMatchObject({
        status: 'succeeded',
        result: { campaignId: 'c-1', state: 'paused' },
      });
      expect(asked).toEqual([['c-1', 'pause', 'freeze']]);
      expect(
        await execute(command('controlCampaign', { campaignId: 'c-9', action: 'start' })),
      ).toMatchObject({ status: 'failed', error: { code: 'campaign-not-found' } });
      expect(
        await execute(command('controlCampaign', { campaignId: 'c-1', action: 'resume' })),
      ).toMatchObject({ status: 'failed', error: { code: 'campaign-state-conflict' } });
      expect(
        await execute(command('controlCampaign', { campaignId: 'c-1', action: 'explode' })),
      ).toMatchObject({ status: 'rejected', error: { code: 'invalid-command' } });
    });
  });

  describe('at most once per command id', () => {
    it('answers a repeated command with the first result, without running it again', async () => {
      const raw = command('createTask', { deviceId: ALICE, task: { type: 'reboot', payload: {} } });
      const first = await execute(raw);
      const second = await execute(raw);

      expect((await fixture.provisioning.tasks.list({ deviceId: ALICE, limit: 10 })).total).toBe(1);
      expect(second).toMatchObject({ status: 'duplicate', commandId: first?.commandId });
      expect(second?.original).toEqual({
        status: 'succeeded',
        completedAt: first?.completedAt,
        result: first?.result,
      });
    });

    it('answers a duplicate of a failed command with its failure', async () => {
      const raw = command('connectionRequest', { deviceId: GHOST });
      await execute(raw);
      const second = await execute(raw);
      expect(second).toMatchObject({
        status: 'duplicate',
        original: { status: 'failed', error: { code: 'device-not-found' } },
      });
    });

    it('does not run a command whose first execution never recorded a result', async () => {
      const raw = command('connectionRequest', { deviceId: ALICE });
      const commandId = (JSON.parse(raw) as { commandId: string }).commandId;
      // What an executor that stopped between the claim and the result leaves behind.
      await fixture.provisioning.commands.claim(commandId, { type: 'connectionRequest' });
      const result = await execute(raw);
      expect(result).toMatchObject({ status: 'duplicate', error: { code: 'outcome-unknown' } });
      expect(result?.original).toBeUndefined();
      expect(fixture.connectionRequests.woken).toEqual([]);
    });
  });

  describe('invalid commands', () => {
    it('rejects a command naming the bad field, and leaves its id unused', async () => {
      const raw = command('setTags', { deviceIds: [], add: ['vip'], remove: [] });
      const result = await execute(raw);
      expect(result).toMatchObject({
        status: 'rejected',
        type: 'setTags',
        error: { code: 'invalid-command' },
      });
      expect(result?.error?.details?.some((detail) => detail.startsWith('/deviceIds'))).toBe(true);
      expect(await fixture.provisioning.commands.get(result?.commandId ?? '')).toBeNull();

      // Corrected under the same id, it runs.
      const fixed = JSON.stringify({ ...JSON.parse(raw), deviceIds: [ALICE] });
      expect(await execute(fixed)).toMatchObject({ status: 'succeeded', result: { matched: 1 } });
    });

    it('rejects an unknown command type as type unknown', async () => {
      const result = await execute(command('factoryResetAll', { deviceId: ALICE }));
      expect(result).toMatchObject({
        status: 'rejected',
        type: 'unknown',
        error: { details: [expect.stringMatching(/^\/type: expected one of createTask/)] },
      });
    });

    it('skips, with a log line, what has no readable command id', async () => {
      expect(await execute('{"schemaVersion":1,"type":"setTags"')).toBeNull();
      expect(await execute(JSON.stringify({ schemaVersion: 1, type: 'setTags' }))).toBeNull();
      expect(published).toEqual([]);
      expect(fixture.log.lines.filter((line) => line.level === 'warn')).toHaveLength(2);
    });
  });

  it('records a command that broke on a store as failed, so that it is not left unanswered', async () => {
    const broken = openEmbeddedProvisioningStores(fixture.directory + '/broken');
    await broken.close();
    const failing = new ExecuteCommand({ ...fixture.ports(bus), tasks: broken.tasks });
    const raw = command('createTask', { deviceId: ALICE, task: { type: 'reboot', payload: {} } });

    const result = await failing.execute(raw);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'internal-error' } });
    expect(await fixture.provisioning.commands.get(result?.commandId ?? '')).toMatchObject({
      status: 'completed',
      result: { status: 'failed' },
    });
    expect(fixture.log.lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'command failed unexpectedly' }),
    );
  });
});
