import {
  TOPICS,
  validateAcsCommand,
  type AcsCommandResult,
  type CommandOutcome,
  type CreateTaskCommand,
  type NewTask,
} from '@acs/contracts';
import { InProcessEventBus } from '@acs/event-bus';
import { CommandTaskQueue, TaskRefusedError, TaskUnansweredError } from './command-task-queue';

const TASK: NewTask = { type: 'reboot', payload: {} };

/**
 * Provisioning as acs.commands sees it: executes a command id once, answers every delivery on
 * acs.command-results (a duplicate with the first outcome), and may lose answers.
 */
function provisioning(bus: InProcessEventBus, queue: CommandTaskQueue) {
  const executed = new Map<string, CommandOutcome>();
  const received: CreateTaskCommand[] = [];
  const behaviour = { loseAnswers: 0, refuse: false, silent: false };
  bus.subscribe(TOPICS.commands, async (message) => {
    const checked = validateAcsCommand(JSON.parse(message.value));
    if (!checked.ok || checked.value.type !== 'createTask') throw new Error('not a createTask');
    const command = checked.value;
    received.push(command);
    if (behaviour.silent) return;
    const first = executed.get(command.commandId);
    const header = {
      schemaVersion: 1 as const,
      commandId: command.commandId,
      type: 'createTask' as const,
    };
    const outcome: CommandOutcome = first ?? {
      completedAt: new Date().toISOString(),
      ...(behaviour.refuse
        ? {
            status: 'failed' as const,
            error: { code: 'device-not-found' as const, message: `no device ${command.deviceId}` },
          }
        : { status: 'succeeded' as const, result: { taskId: `task-${executed.size + 1}` } }),
    };
    if (!first) executed.set(command.commandId, outcome);
    if (behaviour.loseAnswers > 0) {
      behaviour.loseAnswers--;
      return;
    }
    const answer: AcsCommandResult = first
      ? { ...header, status: 'duplicate', completedAt: new Date().toISOString(), original: first }
      : { ...header, ...outcome };
    setImmediate(
      () =>
        void queue.handleResults([
          {
            topic: TOPICS.commandResults,
            partition: 0,
            offset: '0',
            key: command.commandId,
            value: JSON.stringify(answer),
          },
        ]),
    );
  });
  return { received, executed, behaviour };
}

describe('tasks queued in provisioning through acs.commands', () => {
  const setUp = (options = { answerTimeoutMs: 50, sends: 3 }) => {
    const bus = new InProcessEventBus();
    const queue = new CommandTaskQueue(bus, options);
    return { queue, provisioning: provisioning(bus, queue) };
  };

  it('answers with the task provisioning created', async () => {
    const { queue, provisioning } = setUp();
    await expect(queue.queueTask('dev-1', TASK)).resolves.toEqual({ taskId: 'task-1' });
    expect(provisioning.received).toEqual([
      expect.objectContaining({ type: 'createTask', deviceId: 'dev-1', task: TASK }),
    ]);
  });

  it('asks again under the same command id when an answer is lost, and gets the first task', async () => {
    const { queue, provisioning } = setUp();
    provisioning.behaviour.loseAnswers = 1;
    await expect(queue.queueTask('dev-1', TASK, 'download\ndev-1\nkey-1')).resolves.toEqual({
      taskId: 'task-1',
    });
    expect(provisioning.received).toHaveLength(2);
    expect(provisioning.received[0]?.commandId).toBe(provisioning.received[1]?.commandId);
    expect(provisioning.executed.size).toBe(1);
  });

  it('queues one task for one idempotency key however often it is asked', async () => {
    const { queue, provisioning } = setUp();
    const first = await queue.queueTask('dev-1', TASK, 'download\ndev-1\nkey-1');
    const again = await queue.queueTask('dev-1', TASK, 'download\ndev-1\nkey-1');
    const other = await queue.queueTask('dev-1', TASK, 'download\ndev-1\nkey-2');
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(provisioning.executed.size).toBe(2);
    expect(provisioning.received.every((c) => c.commandId.length <= 128)).toBe(true);
  });

  it('fails with provisioning’s reason when it refuses the task', async () => {
    const { queue, provisioning } = setUp();
    provisioning.behaviour.refuse = true;
    const refused = queue.queueTask('nobody', TASK);
    await expect(refused).rejects.toBeInstanceOf(TaskRefusedError);
    await expect(refused).rejects.toMatchObject({ code: 'device-not-found' });
  });

  it('gives up after its sends when nothing answers, so the caller can try later', async () => {
    const { queue, provisioning } = setUp({ answerTimeoutMs: 20, sends: 2 });
    provisioning.behaviour.silent = true;
    await expect(queue.queueTask('dev-1', TASK)).rejects.toBeInstanceOf(TaskUnansweredError);
    expect(provisioning.received).toHaveLength(2);
  });

  it('fails what waits when it is closed', async () => {
    const { queue, provisioning } = setUp({ answerTimeoutMs: 10_000, sends: 1 });
    provisioning.behaviour.silent = true;
    const waiting = queue.queueTask('dev-1', TASK);
    await new Promise((resolve) => setImmediate(resolve));
    queue.close();
    await expect(waiting).rejects.toBeInstanceOf(TaskUnansweredError);
  });
});
