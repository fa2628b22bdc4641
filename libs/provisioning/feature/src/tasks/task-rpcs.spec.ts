import type { Task } from '@acs/contracts';
import {
  absorbTaskResponse,
  commandKeyOf,
  nextTaskRequest,
  SESSION_ENDED,
  taskResultOf,
} from './task-rpcs';

const base = {
  id: '01a1fd3e80300000b6c569dc',
  deviceId: 'dev',
  status: 'running' as const,
  attempts: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-02-01T00:00:00.000Z',
  connectionRequest: false,
};
const step = (n = 0, partial: Record<string, unknown> = {}) => ({
  taskId: base.id,
  attempt: 1,
  step: n,
  partial,
});
const behaviour = { gpvBatchSize: 2, spvBatchSize: 2, partialPathGpv: true };

describe('task RPCs', () => {
  it('reads values in batches of the device class and gathers them into one result', () => {
    const task = {
      ...base,
      type: 'getParameterValues',
      payload: { parameterNames: ['A.x', 'A.y', 'A.z'] },
    } as Task;
    expect(nextTaskRequest(task, step(0), behaviour)).toEqual({
      type: 'GetParameterValues',
      parameterNames: ['A.x', 'A.y'],
    });
    const first = absorbTaskResponse(step(0), {
      type: 'GetParameterValuesResponse',
      parameters: [
        { name: 'A.x', type: 'string', value: '1' },
        { name: 'A.y', type: 'string', value: '2' },
      ],
    });
    expect(nextTaskRequest(task, first, behaviour)).toEqual({
      type: 'GetParameterValues',
      parameterNames: ['A.z'],
    });
    const second = absorbTaskResponse(first, {
      type: 'GetParameterValuesResponse',
      parameters: [{ name: 'A.z', type: 'unsignedInt', value: 3 }],
    });
    expect(nextTaskRequest(task, second, behaviour)).toBeNull();
    expect(taskResultOf(task, second)['values']).toHaveLength(3);
  });

  it('sends values with their declared or inferred type, and refuses one that cannot be', () => {
    const task = {
      ...base,
      type: 'setParameterValues',
      payload: {
        values: [
          { name: 'A.enable', value: true },
          { name: 'A.port', value: '8080', type: 'unsignedInt' },
        ],
      },
    } as Task;
    expect(nextTaskRequest(task, step(0), behaviour)).toEqual({
      type: 'SetParameterValues',
      // Names the task and the attempt: the CPE reports it in its next Inform once applied.
      parameterKey: 'acs.01a1fd3e80300000b6c5.1',
      parameters: [
        { name: 'A.enable', type: 'boolean', value: true },
        { name: 'A.port', type: 'unsignedInt', value: 8080 },
      ],
    });
    const bad = {
      ...task,
      payload: { values: [{ name: 'A.port', value: 'eighty', type: 'unsignedInt' }] },
    } as Task;
    expect(() => nextTaskRequest(bad, step(0), behaviour)).toThrow(RangeError);
  });

  it('refreshes by names first where the device class cannot take a partial path', () => {
    const task = { ...base, type: 'refresh', payload: { subtree: 'Device.NAT.' } } as Task;
    const noPartial = { ...behaviour, partialPathGpv: false };
    expect(nextTaskRequest(task, step(0), noPartial)).toEqual({
      type: 'GetParameterNames',
      parameterPath: 'Device.NAT.',
      nextLevel: false,
    });
    const named = absorbTaskResponse(step(0), {
      type: 'GetParameterNamesResponse',
      parameters: [
        { name: 'Device.NAT.PortMapping.', writable: true },
        { name: 'Device.NAT.PortMappingNumberOfEntries', writable: false },
      ],
    });
    expect(nextTaskRequest(task, named, noPartial)).toEqual({
      type: 'GetParameterValues',
      parameterNames: ['Device.NAT.PortMappingNumberOfEntries'],
    });
    expect(nextTaskRequest(task, step(0), behaviour)).toEqual({
      type: 'GetParameterValues',
      parameterNames: ['Device.NAT.'],
    });
  });

  it('walks the subtree on the retry of a refresh whose partial-path read faulted 9005 or lost its session', () => {
    const refresh = { ...base, type: 'refresh', payload: { subtree: 'Device.NAT.' } } as Task;
    for (const code of ['9005', SESSION_ENDED]) {
      const failed = { ...refresh, attempts: 1, fault: { code, message: 'x' } } as Task;
      expect(nextTaskRequest(failed, step(0), behaviour)).toMatchObject({
        type: 'GetParameterNames',
        parameterPath: 'Device.NAT.',
      });
    }
    const otherFault = { ...refresh, attempts: 1, fault: { code: '9002', message: 'x' } } as Task;
    expect(nextTaskRequest(otherFault, step(0), behaviour)).toMatchObject({
      type: 'GetParameterValues',
    });
  });

  it('names a transfer by the task id unless the operator chose a CommandKey', () => {
    const download = {
      ...base,
      type: 'download',
      payload: { fileType: '1 Firmware Upgrade Image', url: 'http://files/fw.bin' },
    } as Task;
    expect(commandKeyOf(download)).toBe(base.id);
    const keyed = { ...download, payload: { ...download.payload, commandKey: 'fw-2026' } } as Task;
    expect(commandKeyOf(keyed)).toBe('fw-2026');
  });
});
