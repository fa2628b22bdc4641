import type { SessionOpened } from '@acs/contracts';
import { ProvisioningTestBed } from '../test-support/provisioning-test-bed';

/**
 * A task may carry its own attempt limit: a firmware campaign's Download says 1, because the
 * campaign retries with a new URL and CommandKey itself and must see each failure at once.
 */
describe("a task's own attempt limit", () => {
  let bed: ProvisioningTestBed;
  const published: Array<Record<string, unknown>> = [];
  beforeEach(() => {
    bed = new ProvisioningTestBed({ maxTaskAttempts: 5, retryDelayMs: 0 });
    published.length = 0;
    bed.bus.subscribe(
      'acs.events',
      async (message) => void published.push(JSON.parse(message.value)),
    );
  });
  afterEach(() => bed.close());

  /** Sends the device's Download in a session and answers it with status 1 (done later). */
  async function downloadTaken(serial: string, maxAttempts?: number): Promise<SessionOpened> {
    await bed.register(serial);
    const opened = await bed.open(serial, ['2 PERIODIC']);
    await bed.tasks.create({
      deviceId: opened.deviceId,
      type: 'download',
      payload: {
        fileType: '1 Firmware Upgrade Image',
        url: 'http://files.example/fw.bin',
        commandKey: `fw-${serial}`,
      },
      connectionRequest: false,
      expiresInSeconds: 3600,
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
    });
    await bed.deliver(opened);
    const [entry] = await bed.outbox(opened.deviceId, opened.sessionId);
    if (entry?.kind !== 'rpc' || entry.request.type !== 'Download')
      throw new Error(`expected a Download, got ${JSON.stringify(entry)}`);
    await bed.deliver({
      schemaVersion: 1,
      eventId: `answer-${serial}`,
      deviceId: opened.deviceId,
      sessionId: opened.sessionId,
      occurredAt: new Date().toISOString(),
      gatewayPod: 'pod',
      type: 'RpcResult',
      rpcId: entry.rpcId,
      method: 'Download',
      request: entry.request,
      result: {
        kind: 'response',
        response: { type: 'DownloadResponse', status: 1, startTime: null, completeTime: null },
      },
    });
    await bed.deliver(bed.closed(opened, 'completed'));
    return opened;
  }

  async function transferFailed(serial: string): Promise<void> {
    const next = await bed.open(serial, ['7 TRANSFER COMPLETE']);
    await bed.deliver(next, {
      schemaVersion: 1,
      eventId: `tc-${serial}`,
      deviceId: next.deviceId,
      sessionId: next.sessionId,
      occurredAt: new Date().toISOString(),
      gatewayPod: 'pod',
      type: 'CpeRequest',
      request: {
        type: 'TransferComplete',
        commandKey: `fw-${serial}`,
        fault: { faultCode: 9010, faultString: 'Download failure' },
        startTime: null,
        completeTime: null,
      },
    });
  }

  it('fails a Download for good at its first failed transfer when its limit is 1', async () => {
    const opened = await downloadTaken('LIM1', 1);
    expect(published).toContainEqual(
      expect.objectContaining({ type: 'TransferAccepted', commandKey: 'fw-LIM1', attempt: 1 }),
    );
    await transferFailed('LIM1');
    const { tasks } = await bed.tasks.list({ deviceId: opened.deviceId, limit: 10 });
    expect(tasks).toEqual([
      expect.objectContaining({
        status: 'failed',
        maxAttempts: 1,
        fault: expect.objectContaining({ code: '9010' }),
      }),
    ]);
    const failed = published.find((event) => event['type'] === 'TaskFailed');
    expect(failed).toMatchObject({ commandKey: 'fw-LIM1' });
    expect(failed).not.toHaveProperty('retryAt');
  });

  it('retries it under the setting when the task gives no limit', async () => {
    const opened = await downloadTaken('LIM2');
    await transferFailed('LIM2');
    const { tasks } = await bed.tasks.list({ deviceId: opened.deviceId, limit: 10 });
    expect(tasks).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect(published.find((event) => event['type'] === 'TaskFailed')).toHaveProperty('retryAt');
  });
});
