import type { DeviceFault } from '@acs/contracts';
import { resolvedFaults } from './resolved-faults';

const fault = (faultId: string, source: string, code: string, occurredAt: string): DeviceFault => ({
  faultId,
  deviceId: 'dev-1',
  code,
  message: '',
  source,
  occurredAt,
  count: 1,
});

const taskFault = fault('t1', 'task:task-1', '9002', '2026-01-01T00:01:00.000Z');
const taskAnswer = fault('r1', 'SetParameterValues', '9002', '2026-01-01T00:01:00.000Z');
const olderAnswer = fault('r0', 'SetParameterValues', '9002', '2025-12-31T23:00:00.000Z');
const otherCode = fault('r2', 'SetParameterValues', '9007', '2026-01-01T00:02:00.000Z');
const otherTask = fault('t2', 'task:task-2', '9002', '2026-01-01T00:01:00.000Z');
const preset = fault('p1', 'provisioning preset:wifi', '9007', '2026-01-01T00:03:00.000Z');
const template = fault('p2', 'provisioning preset:ssid', 'template', '2026-01-01T00:03:00.000Z');
const timeout = fault('s1', 'session', 'session-timeout', '2026-01-01T00:04:00.000Z');
const open = [taskFault, taskAnswer, olderAnswer, otherCode, otherTask, preset, template, timeout];
const ids = (faults: DeviceFault[]) => faults.map((f) => f.faultId).sort();

describe('resolvedFaults', () => {
  const created = '2026-01-01T00:00:00.000Z';

  it('a task that succeeds resolves its own faults and the CPE faults of its code since it was created', () => {
    const resolved = resolvedFaults({ kind: 'task', taskId: 'task-1', createdAt: created }, open);
    expect(ids(resolved)).toEqual(['r1', 't1']);
  });

  it('a task that never raised a fault resolves nothing, not even CPE faults', () => {
    const resolved = resolvedFaults({ kind: 'task', taskId: 'task-9', createdAt: created }, open);
    expect(resolved).toEqual([]);
  });

  it('converged presets resolve every provisioning fault and the CPE faults of their codes', () => {
    expect(ids(resolvedFaults({ kind: 'converged' }, open))).toEqual(['p1', 'p2', 'r2']);
  });

  it('leaves session timeouts and unclaimed CPE faults to operators', () => {
    expect(resolvedFaults({ kind: 'converged' }, [timeout, taskAnswer])).toEqual([]);
  });
});
