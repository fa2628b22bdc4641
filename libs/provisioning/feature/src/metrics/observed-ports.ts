import {
  ACS_COMMAND_TYPES,
  COMMAND_RESULT_STATUSES,
  DIAGNOSTIC_OUTCOMES,
  DIAGNOSTIC_TYPES,
  FAULT_CLEARED_BY,
  faultSourceKind,
  TASK_TYPES,
  TOPICS,
} from '@acs/contracts';
import type { EventPublisher, OutgoingMessage } from '@acs/event-bus';
import { messageTypeLabel } from '@acs/observability';
import type { SessionStore } from '@acs/session-store';
import type { WakeOutcome } from '../connection-requests/device-wake-up';
import type { ProvisioningMetrics } from './provisioning-metrics';

const TASK_EVENT_TYPES = new Set(['TaskCompleted', 'TaskFailed', 'TaskExpired']);
const FAULT_EVENT_TYPES = new Set(['ProvisioningFaultRaised', 'FaultCleared']);
const COUNTED_EVENT_TYPES = new Set([
  ...TASK_EVENT_TYPES,
  ...FAULT_EVENT_TYPES,
  'DiagnosticCompleted',
]);
const DIAGNOSTIC_TYPE_SET = new Set<string>(DIAGNOSTIC_TYPES);
const DIAGNOSTIC_OUTCOME_SET = new Set<string>(DIAGNOSTIC_OUTCOMES);
const CLEARED_BY_SET = new Set<string>(FAULT_CLEARED_BY);
const TASK_TYPE_SET = new Set<string>(TASK_TYPES);
const COMMAND_TYPE_SET = new Set<string>([...ACS_COMMAND_TYPES, 'unknown']);
const COMMAND_STATUS_SET = new Set<string>(COMMAND_RESULT_STATUSES);
/** An RPC name is a CWMP method: letters only, and a handful of them. */
const RPC_NAME = /^[A-Z][A-Za-z]{2,40}$/;

/** Provisioning's side of the session store with every outbox entry counted by decision. */
export function sessionStoreCountingDecisions(
  sessions: SessionStore,
  metrics: ProvisioningMetrics,
): SessionStore {
  return new Proxy(sessions, {
    get(target, property, receiver) {
      if (property !== 'push') return Reflect.get(target, property, receiver);
      const push: SessionStore['push'] = async (deviceId, entry) => {
        const pushed = await target.push(deviceId, entry);
        const decision =
          entry.kind === 'end'
            ? 'end'
            : RPC_NAME.test(entry.request.type)
              ? entry.request.type
              : 'other';
        metrics.decisions.inc({ decision });
        return pushed;
      };
      return push;
    },
  });
}

/**
 * The publisher with the task outcomes, faults raised and cleared, and command results it carries
 * counted, read from the messages themselves (what OSS/BSS sees is what is counted). Only those
 * few messages are parsed.
 */
export function publisherCountingOutcomes(
  publisher: EventPublisher,
  metrics: ProvisioningMetrics,
): EventPublisher {
  return {
    publish: async (message) => {
      await publisher.publish(message);
      countOutcome(message, metrics);
    },
    shutdown: () => publisher.shutdown(),
  };
}

function countOutcome(message: OutgoingMessage, metrics: ProvisioningMetrics): void {
  if (message.topic === TOPICS.events) {
    const type = messageTypeLabel(message.value, COUNTED_EVENT_TYPES);
    if (type === 'other') return;
    if (FAULT_EVENT_TYPES.has(type)) {
      countFault(type, message.value, metrics);
      return;
    }
    if (type === 'DiagnosticCompleted') {
      const run = JSON.parse(message.value) as { diagnostic?: string; outcome?: string };
      metrics.diagnosticRuns.inc({
        type: bounded(run.diagnostic, DIAGNOSTIC_TYPE_SET),
        outcome: bounded(run.outcome, DIAGNOSTIC_OUTCOME_SET),
      });
      return;
    }
    const event = JSON.parse(message.value) as { taskType?: string; retryAt?: string };
    // Each failed attempt raises (or counts up) the task's device fault.
    if (type === 'TaskFailed') metrics.faultsRaised.inc({ source: 'task' });
    const outcome =
      type === 'TaskCompleted'
        ? 'completed'
        : type === 'TaskExpired'
          ? 'expired'
          : event.retryAt === undefined
            ? 'failed'
            : 'retrying';
    metrics.taskOutcomes.inc({ task_type: bounded(event.taskType, TASK_TYPE_SET), outcome });
  } else if (message.topic === TOPICS.commandResults) {
    const result = JSON.parse(message.value) as { type?: string; status?: string };
    metrics.commands.inc({
      command: bounded(result.type, COMMAND_TYPE_SET),
      status: bounded(result.status, COMMAND_STATUS_SET),
    });
  }
}

function countFault(type: string, value: string, metrics: ProvisioningMetrics): void {
  if (type === 'ProvisioningFaultRaised') {
    metrics.faultsRaised.inc({ source: 'provisioning' });
    return;
  }
  const event = JSON.parse(value) as { source?: string; clearedBy?: string };
  metrics.faultsCleared.inc({
    source: faultSourceKind(event.source ?? ''),
    cleared_by: bounded(event.clearedBy, CLEARED_BY_SET),
  });
}

function bounded(value: string | undefined, allowed: ReadonlySet<string>): string {
  return value !== undefined && allowed.has(value) ? value : 'other';
}

/** What waking a device offers its callers (the API, acs.commands, preset waves). */
export interface WakeUp {
  wake(deviceId: string, reason?: string): Promise<WakeOutcome>;
}

/** Wake-ups with each connection request's outcome counted by method. */
export function wakeUpCountingOutcomes(wakeUp: WakeUp, metrics: ProvisioningMetrics): WakeUp {
  return {
    wake: async (deviceId, reason) => {
      try {
        const woken = await wakeUp.wake(deviceId, reason);
        metrics.connectionRequests.inc({ method: woken.method ?? 'none', outcome: woken.outcome });
        return woken;
      } catch (error) {
        metrics.connectionRequests.inc({ method: 'none', outcome: 'error' });
        throw error;
      }
    },
  };
}
