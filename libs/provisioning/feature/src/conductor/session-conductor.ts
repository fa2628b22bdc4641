import { DEFAULT_ENCODE_OPTIONS, type AcsRequest, type EncodeOptions } from '@acs/cwmp-codec';
import type {
  CpeRequestEvent,
  RpcResult,
  SessionClosed,
  SessionEvent,
  SessionOpened,
} from '@acs/contracts';
import {
  newSessionProgress,
  withHandled,
  type SessionProgress,
  type TaskStep,
} from '@acs/provisioning-domain';
import { knownIdle, type PendingWorkState } from '@acs/provisioning-progress-store';
import type { ProvisioningPorts } from '../ports';
import type { ProvisioningSettings } from '../settings';
import type { CpeRequestHandler } from './cpe-requests';
import type { Convergence } from './convergence/convergence';
import type { TaskRunner } from './task-runner';
import { isPeriodicOnly } from './periodic';
import { reportedParameterKey } from '../tasks/task-rpcs';

/** The Inform event that says a diagnostic the ACS requested has ended (TR-069 3.7.1.5). */
const DIAGNOSTICS_COMPLETE = '8 DIAGNOSTICS COMPLETE';

/** How often one event is decided again after another instance wrote the progress first. */
const MAX_DECISIONS_PER_EVENT = 3;

/** Another writer changed the device's progress since it was read. */
class ProgressTaken extends Error {
  override readonly name = 'ProgressTaken';
  constructor(deviceId: string) {
    super(`the session progress of ${deviceId} was written by another instance meanwhile`);
  }
}

/**
 * Decides, event by event, what one device's session gets next: the RPC of a queued task, a step
 * converging its presets, or END. It is the single writer of the session's outbox.
 *
 * Crash safety: before anything is queued, the progress (with the event marked handled and the
 * RPC in flight) is written; a redelivered event is then recognised and queues nothing again. A
 * task's attempt is counted before its RPC is queued, so a crash costs at most that attempt,
 * which the session's end then records as failed: a task runs at most once per attempt.
 */
export class SessionConductor {
  constructor(
    private readonly ports: ProvisioningPorts,
    private readonly settings: ProvisioningSettings,
    private readonly runner: TaskRunner,
    private readonly convergence: Convergence,
    private readonly cpeRequests: CpeRequestHandler,
    private readonly now: () => Date,
  ) {}

  /** Handles one device's events in order. */
  async conduct(deviceId: string, events: readonly SessionEvent[]): Promise<void> {
    // A session that opens reads the marker too: both reads go out together (one round trip).
    const opens = events[0]?.type === 'SessionOpened';
    let [progress, marker] = await Promise.all([
      this.ports.progress.get(deviceId),
      opens ? this.ports.marker.read(deviceId) : null,
    ]);
    for (const event of events) {
      for (let attempt = 1; ; attempt++) {
        if (progress?.sessionId === event.sessionId && progress.handled.includes(event.eventId)) {
          break;
        }
        try {
          progress = await this.step(progress, event, marker);
          marker = null;
          break;
        } catch (error) {
          if (!(error instanceof ProgressTaken) || attempt === MAX_DECISIONS_PER_EVENT) throw error;
          // Another instance wrote first (a partition moving in a rebalance): go on from what it
          // wrote, which usually shows the event handled.
          progress = await this.ports.progress.get(deviceId);
          marker = null;
        }
      }
    }
  }

  private step(
    progress: SessionProgress | null,
    event: SessionEvent,
    marker: PendingWorkState | null,
  ) {
    switch (event.type) {
      case 'SessionOpened':
        return this.opened(progress, event, marker);
      case 'RpcResult':
        return this.answered(progress, event);
      case 'CpeRequest':
        return this.cpeRequest(progress, event);
      case 'SessionClosed':
        return this.closed(progress, event);
    }
  }

  private async opened(
    previous: SessionProgress | null,
    event: SessionOpened,
    prefetched: PendingWorkState | null,
  ): Promise<SessionProgress | null> {
    if (previous && previous.sessionId !== event.sessionId) {
      await this.abandon(previous, 'a new session replaced it');
    }
    const eventCodes = event.inform.events.map((entry) => entry.eventCode);
    const marker = prefetched ?? (await this.ports.marker.read(event.deviceId));
    if (isPeriodicOnly(eventCodes)) {
      const revision = await this.convergence.revision();
      if (knownIdle(marker, revision, this.now().getTime())) {
        // The fast path: nothing to load, nothing to remember.
        await this.ports.sessions.push(event.deviceId, { kind: 'end', sessionId: event.sessionId });
        return null;
      }
    }
    const session = await this.ports.sessions.get(event.deviceId);
    if (session?.sessionId !== event.sessionId) return null; // over already (a redelivery)
    await this.runner.abandonStale(event.deviceId);
    if (eventCodes.includes(DIAGNOSTICS_COMPLETE)) {
      await this.runner.diagnosticsCompleted(event.deviceId);
    }
    const progress = withHandled(
      newSessionProgress({
        sessionId: event.sessionId,
        deviceId: event.deviceId,
        identity: {
          oui: event.inform.deviceId.oui,
          productClass: event.inform.deviceId.productClass,
          serialNumber: event.inform.deviceId.serialNumber,
          manufacturer: event.inform.deviceId.manufacturer,
        },
        informValues: event.inform.parameters,
        eventCodes,
        softwareVersion: softwareVersionOf(event),
        markerVersion: marker.version,
        writesBefore: previous?.writes ?? 0,
      }),
      event.eventId,
    );
    return this.next(await this.convergence.sessionOpened(progress, event));
  }

  private async answered(
    progress: SessionProgress | null,
    event: RpcResult,
  ): Promise<SessionProgress | null> {
    if (!progress || progress.sessionId !== event.sessionId) return progress;
    const inFlight = progress.inFlight;
    if (!inFlight || inFlight.rpcId !== event.rpcId) return progress;
    let current: SessionProgress = { ...withHandled(progress, event.eventId), inFlight: null };
    const answer =
      event.result.kind === 'response'
        ? { kind: 'response' as const, response: event.result.response }
        : { kind: 'fault' as const, fault: event.result.fault };
    if (inFlight.purpose.kind === 'task' && current.taskStep) {
      const step = current.taskStep;
      current = { ...current, taskStep: null };
      const move = await this.runner.answered(step, answer, this.convergence.behaviourOf(current));
      if (move.kind === 'send') return this.send(current, move.request, move.step);
      return this.next(current);
    }
    current = await this.convergence.answered(current, inFlight.request, answer);
    return this.next(current);
  }

  private async cpeRequest(
    progress: SessionProgress | null,
    event: CpeRequestEvent,
  ): Promise<SessionProgress | null> {
    await this.cpeRequests.handle(event, progress);
    if (!progress || progress.sessionId !== event.sessionId) return progress;
    return this.save(withHandled(progress, event.eventId));
  }

  private async closed(progress: SessionProgress | null, event: SessionClosed): Promise<null> {
    if (!progress || progress.sessionId !== event.sessionId) return null;
    await this.abandon(progress, `session ended (${event.reason}) before the CPE answered`);
    await this.ports.progress.delete(progress.deviceId, progress.sessionId);
    return null;
  }

  /** Fails the attempt of a task whose RPC the session never saw answered. */
  private async abandon(progress: SessionProgress, reason: string): Promise<void> {
    if (progress.inFlight?.purpose.kind === 'task' && progress.taskStep) {
      await this.runner.abandoned(progress.taskStep, reason);
    }
  }

  /** The session's next RPC or END. */
  private async next(progress: SessionProgress): Promise<SessionProgress | null> {
    if (progress.ended) return progress;
    const behaviour = this.convergence.behaviourOf(progress);
    let tasksDue: number | null = null;
    // Tasks first; presets may queue one-off actions as tasks, which then run the same way.
    for (let pass = 0; pass < 2; pass++) {
      for (;;) {
        const { task, nextDue } = await this.runner.nextRunnable(progress);
        if (!task) {
          tasksDue = nextDue;
          break;
        }
        progress = { ...progress, tasksTried: [...progress.tasksTried, task.id] };
        const move = await this.runner.first(
          task,
          behaviour,
          reportedParameterKey(progress.informValues),
        );
        if (move.kind !== 'send') continue;
        if (!(await this.runner.claim(task))) continue;
        return this.send(progress, move.request, move.step);
      }
      const step = await this.convergence.nextStep(progress);
      if (step.kind === 'rpc') {
        return this.sendConvergence(step.progress, step.request, step.signature);
      }
      if (step.kind === 'end') return this.end(step.progress, tasksDue);
      progress = step.progress;
    }
    return this.end(progress, tasksDue);
  }

  private async send(progress: SessionProgress, request: AcsRequest, step: TaskStep) {
    const rpcId = `${step.taskId}.${step.attempt}.${step.step}`;
    const next: SessionProgress = {
      ...progress,
      taskStep: step,
      inFlight: {
        rpcId,
        purpose: { kind: 'task', taskId: step.taskId, attempt: step.attempt },
        request,
      },
      rpcCount: progress.rpcCount + 1,
    };
    return this.queue(next, rpcId, request);
  }

  private async sendConvergence(progress: SessionProgress, request: AcsRequest, signature: string) {
    const rpcId = `${progress.sessionId}.c${progress.rounds}`;
    const next: SessionProgress = {
      ...progress,
      inFlight: { rpcId, purpose: { kind: 'convergence', signature }, request },
      rpcCount: progress.rpcCount + 1,
    };
    return this.queue(next, rpcId, request);
  }

  private async queue(decided: SessionProgress, rpcId: string, request: AcsRequest) {
    const progress = await this.save(decided);
    const encoding = encodingOf(this.convergence.quirksOf(progress).encode);
    await this.ports.sessions.push(progress.deviceId, {
      kind: 'rpc',
      rpcId,
      sessionId: progress.sessionId,
      request,
      ...(encoding ? { encoding } : {}),
    });
    return progress;
  }

  /** END, and the marker clean until `tasksDue` or a preset's time, whichever comes first. */
  private async end(progress: SessionProgress, tasksDue: number | null): Promise<SessionProgress> {
    const ended = await this.save({ ...progress, ended: true });
    await this.ports.sessions.push(progress.deviceId, {
      kind: 'end',
      sessionId: progress.sessionId,
    });
    if (progress.markerVersion !== null) {
      const times = [tasksDue, await this.convergence.nextDue(progress)].filter(
        (time): time is number => time !== null,
      );
      await this.ports.marker.markClean(progress.deviceId, progress.markerVersion, {
        revision: await this.convergence.revision(),
        dueAt: times.length === 0 ? Number.MAX_SAFE_INTEGER : Math.min(...times),
      });
    }
    return ended;
  }

  /**
   * Writes the progress over the record it was decided from; nothing may be queued on a decision
   * whose write lost, since the writer that came first has queued its own.
   */
  private async save(progress: SessionProgress): Promise<SessionProgress> {
    const next = { ...progress, writes: progress.writes + 1 };
    if (!(await this.ports.progress.put(next, this.settings.progressTtlMs))) {
      throw new ProgressTaken(progress.deviceId);
    }
    return next;
  }
}

/** The device class's encoder options where they differ from the defaults (usually none). */
function encodingOf(options: EncodeOptions): Partial<EncodeOptions> | null {
  const changed = Object.entries(options).filter(
    ([name, value]) => DEFAULT_ENCODE_OPTIONS[name as keyof EncodeOptions] !== value,
  );
  return changed.length === 0 ? null : (Object.fromEntries(changed) as Partial<EncodeOptions>);
}

function softwareVersionOf(event: SessionOpened): string | null {
  const entry = event.inform.parameters.find((parameter) =>
    parameter.name.endsWith('DeviceInfo.SoftwareVersion'),
  );
  return entry && typeof entry.value === 'string' ? entry.value : null;
}
