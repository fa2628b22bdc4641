import { Counter, Registry } from 'prom-client';
import { ConsumerMetrics, StoreMetrics, timedPort } from '@acs/observability';
import type { ProvisioningStores } from '@acs/provisioning-data-access';

/**
 * Provisioning's Prometheus metrics, in a registry of its own (the all-in-one app serves it beside
 * the other modules'). Filled by decorators of its ports (observed-ports.ts), not by the use cases.
 */
export class ProvisioningMetrics {
  readonly registry = new Registry();
  readonly consumer = new ConsumerMetrics(this.registry, 'provisioning');
  readonly stores = new StoreMetrics(this.registry, 'provisioning');

  readonly decisions = new Counter({
    name: 'acs_provisioning_decisions_total',
    help: "Outbox entries written for CPE sessions: the RPC sent next, or 'end' (nothing to do)",
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });
  readonly taskOutcomes = new Counter({
    name: 'acs_provisioning_task_outcomes_total',
    help: 'Tasks ended in a session, by task type and outcome (completed, retrying, failed, expired)',
    labelNames: ['task_type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly faultsRaised = new Counter({
    name: 'acs_provisioning_faults_raised_total',
    help: "Device faults provisioning raised, by source ('task': a task's failed attempt, 'provisioning': presets)",
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly faultsCleared = new Counter({
    name: 'acs_provisioning_faults_cleared_total',
    help: "Device faults cleared, by source (task, provisioning, rpc, session) and how: 'resolved' or 'operator'",
    labelNames: ['source', 'cleared_by'] as const,
    registers: [this.registry],
  });
  readonly connectionRequests = new Counter({
    name: 'acs_provisioning_connection_requests_total',
    help: "Connection requests by method (http, udp; 'none' when nothing was sent) and outcome",
    labelNames: ['method', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly diagnosticRuns = new Counter({
    name: 'acs_diagnostics_runs_total',
    help: 'TR-143 diagnostic runs ended, by diagnostic type and outcome (complete, error, timed-out, failed)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'acs_provisioning_commands_total',
    help: 'acs.commands handled, by command type and result status',
    labelNames: ['command', 'status'] as const,
    registers: [this.registry],
  });
}

/** Each of provisioning's stores with its calls timed, labelled by store. */
export function timedProvisioningStores(
  stores: ProvisioningStores,
  metrics: StoreMetrics,
): ProvisioningStores {
  return {
    configurations: timedPort(stores.configurations, metrics, 'configurations'),
    presets: timedPort(stores.presets, metrics, 'presets'),
    subscribers: timedPort(stores.subscribers, metrics, 'subscribers'),
    commands: timedPort(stores.commands, metrics, 'commands'),
    tasks: timedPort(stores.tasks, metrics, 'tasks'),
    close: () => stores.close(),
  };
}
