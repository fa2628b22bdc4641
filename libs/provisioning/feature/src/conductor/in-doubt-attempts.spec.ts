import type { Task } from '@acs/contracts';
import { ProvisioningTestBed } from '../test-support/provisioning-test-bed';

/**
 * An AddObject or DeleteObject whose session ended before the CPE's answer was recorded (a
 * gateway died, Kafka did not take the answer): the CPE may or may not have applied it. Its
 * ParameterKey, which every Inform reports, tells which, so the object is added once.
 */
describe('attempts whose answer was lost', () => {
  let bed: ProvisioningTestBed;
  beforeEach(() => {
    bed = new ProvisioningTestBed();
  });
  afterEach(async () => {
    await bed.close();
  });

  /** Retries due at once: the sessions here follow each other within milliseconds. */
  async function retryingAtOnce(): Promise<void> {
    await bed.close();
    bed = new ProvisioningTestBed({ retryDelayMs: 0 });
  }

  const KEY = 'Device.ManagementServer.ParameterKey';

  /** Queues an AddObject, sends it in a session that then ends unanswered; the key it carried. */
  async function addObjectCutOff(serial: string): Promise<{ task: Task; key: string }> {
    const boot = await bed.open(serial, ['1 BOOT']);
    await bed.deliver(boot);
    await bed.outbox(boot.deviceId, boot.sessionId);
    const task = await bed.tasks.create({
      deviceId: boot.deviceId,
      type: 'addObject',
      payload: { objectName: 'Device.NAT.PortMapping.' },
      connectionRequest: false,
      expiresInSeconds: 3600,
    });
    const periodic = await bed.open(serial, ['2 PERIODIC']);
    await bed.deliver(periodic);
    const [entry] = await bed.outbox(periodic.deviceId, periodic.sessionId);
    if (entry?.kind !== 'rpc' || entry.request.type !== 'AddObject') {
      throw new Error(`expected an AddObject, got ${JSON.stringify(entry)}`);
    }
    await bed.deliver(bed.closed(periodic, 'timeout'));
    return { task, key: entry.request.parameterKey };
  }

  it('completes the task at the next Inform that reports its key, not sending it again', async () => {
    const { task, key } = await addObjectCutOff('IND1');
    expect(key).toMatch(/^acs\.[0-9a-f]{20}\.1$/);
    expect(key.length).toBeLessThanOrEqual(32);

    const next = await bed.open(
      'IND1',
      ['2 PERIODIC'],
      [{ name: KEY, type: 'string', value: key }],
    );
    await bed.deliver(next);
    const entries = await bed.outbox(next.deviceId, next.sessionId);
    expect(entries.filter((entry) => entry.kind === 'rpc')).toEqual([]);
    expect(await bed.tasks.get(task.id)).toMatchObject({
      status: 'done',
      attempts: 1,
      result: { status: 0, confirmedBy: 'ParameterKey' },
    });
  });

  it('sends it again, under the next attempt’s key, when the CPE reports another key', async () => {
    await retryingAtOnce();
    const { task } = await addObjectCutOff('IND2');
    const next = await bed.open('IND2', ['2 PERIODIC'], [{ name: KEY, type: 'string', value: '' }]);
    await bed.deliver(next);
    const [entry] = await bed.outbox(next.deviceId, next.sessionId);
    expect(entry).toMatchObject({
      kind: 'rpc',
      request: { type: 'AddObject', parameterKey: expect.stringMatching(/\.2$/) },
    });
    expect(await bed.tasks.get(task.id)).toMatchObject({ status: 'running', attempts: 2 });
  });

  it('completes the task when the CPE reports an earlier attempt’s key, not only the last’s', async () => {
    // Attempt 1's AddObject reached the CPE after its session was seen ended; attempt 2's never
    // reached it: the key the CPE reports is attempt 1's.
    await retryingAtOnce();
    const { task, key: first } = await addObjectCutOff('IND7');
    const second = await bed.open(
      'IND7',
      ['2 PERIODIC'],
      [{ name: KEY, type: 'string', value: '' }],
    );
    await bed.deliver(second);
    const [resent] = await bed.outbox(second.deviceId, second.sessionId);
    expect(resent).toMatchObject({ request: { parameterKey: expect.stringMatching(/\.2$/) } });
    await bed.deliver(bed.closed(second, 'timeout'));

    const third = await bed.open(
      'IND7',
      ['2 PERIODIC'],
      [{ name: KEY, type: 'string', value: first }],
    );
    await bed.deliver(third);
    const entries = await bed.outbox(third.deviceId, third.sessionId);
    expect(entries.filter((entry) => entry.kind === 'rpc')).toEqual([]);
    expect(await bed.tasks.get(task.id)).toMatchObject({
      status: 'done',
      attempts: 2,
      result: { status: 0, confirmedBy: 'ParameterKey' },
    });
  });

  it("never takes an operator's own ParameterKey as proof: the CPE may have held it before", async () => {
    await retryingAtOnce();
    const boot = await bed.open('IND3', ['1 BOOT']);
    await bed.deliver(boot);
    await bed.outbox(boot.deviceId, boot.sessionId);
    await bed.tasks.create({
      deviceId: boot.deviceId,
      type: 'addObject',
      payload: { objectName: 'Device.NAT.PortMapping.', parameterKey: 'nat-v2' },
      connectionRequest: false,
      expiresInSeconds: 3600,
    });
    const first = await bed.open('IND3', ['2 PERIODIC']);
    await bed.deliver(first);
    await bed.outbox(first.deviceId, first.sessionId);
    await bed.deliver(bed.closed(first, 'timeout'));
    const next = await bed.open(
      'IND3',
      ['2 PERIODIC'],
      [{ name: KEY, type: 'string', value: 'nat-v2' }],
    );
    await bed.deliver(next);
    const [entry] = await bed.outbox(next.deviceId, next.sessionId);
    expect(entry).toMatchObject({
      kind: 'rpc',
      request: { type: 'AddObject', parameterKey: 'nat-v2' },
    });
  });
  describe('on the last attempt allowed', () => {
    beforeEach(async () => {
      await bed.close();
      bed = new ProvisioningTestBed({ retryDelayMs: 0, maxTaskAttempts: 1 });
    });

    it('waits for the next Inform, and completes the task when it reports the key', async () => {
      const { task, key } = await addObjectCutOff('IND4');
      expect(await bed.tasks.get(task.id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        fault: { code: 'session-ended' },
      });
      const next = await bed.open(
        'IND4',
        ['2 PERIODIC'],
        [{ name: KEY, type: 'string', value: key }],
      );
      await bed.deliver(next);
      const entries = await bed.outbox(next.deviceId, next.sessionId);
      expect(entries.filter((entry) => entry.kind === 'rpc')).toEqual([]);
      expect(await bed.tasks.get(task.id)).toMatchObject({ status: 'done', attempts: 1 });
    });

    it('fails the task at the next Inform that reports another key, sending nothing again', async () => {
      const { task } = await addObjectCutOff('IND5');
      const next = await bed.open(
        'IND5',
        ['2 PERIODIC'],
        [{ name: KEY, type: 'string', value: '' }],
      );
      await bed.deliver(next);
      const entries = await bed.outbox(next.deviceId, next.sessionId);
      expect(entries.filter((entry) => entry.kind === 'rpc')).toEqual([]);
      expect(await bed.tasks.get(task.id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        fault: { code: 'session-ended' },
      });
    });

    it('runs a task the operator retried after its last attempt, at the next session', async () => {
      const { task } = await addObjectCutOff('IND6');
      const settling = await bed.open(
        'IND6',
        ['2 PERIODIC'],
        [{ name: KEY, type: 'string', value: '' }],
      );
      await bed.deliver(settling);
      await bed.outbox(settling.deviceId, settling.sessionId);
      expect(await bed.tasks.get(task.id)).toMatchObject({ status: 'failed' });
      await bed.deliver(bed.closed(settling, 'completed'));

      await bed.tasks.retry(task.id, 3600);
      const next = await bed.open(
        'IND6',
        ['2 PERIODIC'],
        [{ name: KEY, type: 'string', value: '' }],
      );
      await bed.deliver(next);
      const [entry] = await bed.outbox(next.deviceId, next.sessionId);
      expect(entry).toMatchObject({
        kind: 'rpc',
        request: { type: 'AddObject', parameterKey: expect.stringMatching(/\.2$/) },
      });
    });
  });
});
