import { TOPICS } from '@acs/contracts';
import { InProcessEventBus } from '@acs/event-bus';
import { InMemorySessionStore } from '@acs/session-store';
import { publisherCountingOutcomes, sessionStoreCountingDecisions } from './observed-ports';
import { ProvisioningMetrics } from './provisioning-metrics';

const valuesOf = async (counter: { get(): Promise<{ values: unknown[] }> }) =>
  (await counter.get()).values;

describe("provisioning's observed ports", () => {
  it('counts every outbox entry by decision: the RPC sent next, or end', async () => {
    const metrics = new ProvisioningMetrics();
    const store = new InMemorySessionStore();
    const sessions = sessionStoreCountingDecisions(store, metrics);
    await sessions.push('dev-1', {
      kind: 'rpc',
      rpcId: 'r1',
      sessionId: 's1',
      request: { type: 'GetParameterValues', parameterNames: ['Device.'] },
    });
    await sessions.push('dev-1', { kind: 'end', sessionId: 's1' });
    await sessions.push('dev-2', { kind: 'end', sessionId: 's2' });
    expect(await valuesOf(metrics.decisions)).toEqual([
      { labels: { decision: 'GetParameterValues' }, value: 1 },
      { labels: { decision: 'end' }, value: 2 },
    ]);
    await store.shutdown();
  });

  it('counts diagnostic runs by type and outcome, bounding unknown labels', async () => {
    const metrics = new ProvisioningMetrics();
    const events = publisherCountingOutcomes(new InProcessEventBus(), metrics);
    const run = (diagnostic: string, outcome: string) =>
      events.publish({
        topic: TOPICS.events,
        key: 'dev-1',
        value: JSON.stringify({ type: 'DiagnosticCompleted', runId: 'r', diagnostic, outcome }),
      });
    await run('ipPing', 'complete');
    await run('ipPing', 'complete');
    await run('traceRoute', 'timed-out');
    await run('made-up', 'exploded');
    expect(await valuesOf(metrics.diagnosticRuns)).toEqual([
      { labels: { type: 'ipPing', outcome: 'complete' }, value: 2 },
      { labels: { type: 'traceRoute', outcome: 'timed-out' }, value: 1 },
      { labels: { type: 'other', outcome: 'other' }, value: 1 },
    ]);
  });

  it('counts task outcomes and command results from what it publishes, nothing else', async () => {
    const metrics = new ProvisioningMetrics();
    const bus = new InProcessEventBus();
    const published: string[] = [];
    bus.subscribe(TOPICS.events, (message) => {
      published.push(message.value);
    });
    const events = publisherCountingOutcomes(bus, metrics);
    const task = { schemaVersion: 1, deviceId: 'dev-1', taskId: 't1', attempt: 1 };
    const publish = (topic: string, value: object) =>
      events.publish({ topic, key: 'dev-1', value: JSON.stringify(value) });
    await publish(TOPICS.events, { ...task, type: 'TaskCompleted', taskType: 'reboot' });
    await publish(TOPICS.events, {
      ...task,
      type: 'TaskFailed',
      taskType: 'download',
      retryAt: '2026-01-01T00:00:00.000Z',
    });
    await publish(TOPICS.events, { ...task, type: 'TaskFailed', taskType: 'made-up' });
    await publish(TOPICS.events, { ...task, type: 'DeviceQuarantined' });
    await publish(TOPICS.commandResults, {
      commandId: 'c1',
      type: 'createTask',
      status: 'succeeded',
    });

    // Every event still reaches acs.events (the command result went to its own topic).
    expect(published).toHaveLength(4);
    expect(await valuesOf(metrics.taskOutcomes)).toEqual([
      { labels: { task_type: 'reboot', outcome: 'completed' }, value: 1 },
      { labels: { task_type: 'download', outcome: 'retrying' }, value: 1 },
      { labels: { task_type: 'other', outcome: 'failed' }, value: 1 },
    ]);
    expect(await valuesOf(metrics.commands)).toEqual([
      { labels: { command: 'createTask', status: 'succeeded' }, value: 1 },
    ]);
  });

  it('counts faults raised and cleared by the kind of their source', async () => {
    const metrics = new ProvisioningMetrics();
    const events = publisherCountingOutcomes(new InProcessEventBus(), metrics);
    const base = { schemaVersion: 1, deviceId: 'dev-1' };
    const publish = (value: object) =>
      events.publish({ topic: TOPICS.events, key: 'dev-1', value: JSON.stringify(value) });
    await publish({ ...base, type: 'TaskFailed', taskType: 'reboot', taskId: 't1', attempt: 1 });
    await publish({ ...base, type: 'ProvisioningFaultRaised', code: 'template', sources: [] });
    const cleared = { ...base, type: 'FaultCleared', faultId: 'f', code: '9002' };
    await publish({ ...cleared, source: 'task:t1', clearedBy: 'resolved' });
    await publish({ ...cleared, source: 'SetParameterValues', clearedBy: 'resolved' });
    await publish({ ...cleared, source: 'session', clearedBy: 'operator' });

    expect(await valuesOf(metrics.faultsRaised)).toEqual([
      { labels: { source: 'task' }, value: 1 },
      { labels: { source: 'provisioning' }, value: 1 },
    ]);
    expect(await valuesOf(metrics.faultsCleared)).toEqual([
      { labels: { source: 'task', cleared_by: 'resolved' }, value: 1 },
      { labels: { source: 'rpc', cleared_by: 'resolved' }, value: 1 },
      { labels: { source: 'session', cleared_by: 'operator' }, value: 1 },
    ]);
  });
});
