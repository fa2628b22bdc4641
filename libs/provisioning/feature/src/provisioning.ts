import { TOPICS } from '@acs/contracts';
import type { EventConsumer } from '@acs/event-bus';
import type { ProvisioningPorts } from './ports';
import { DEFAULT_PROVISIONING_SETTINGS, type ProvisioningSettings } from './settings';
import { Convergence } from './conductor/convergence/convergence';
import { CpeRequestHandler } from './conductor/cpe-requests';
import { HandleSessionEvents } from './conductor/handle-session-events';
import { ProvisioningEvents } from './conductor/provisioning-events';
import { ProvisioningFaults } from './conductor/provisioning-faults';
import { SessionConductor } from './conductor/session-conductor';
import { TaskRunner } from './conductor/task-runner';
import { ZeroTouch } from './conductor/zero-touch';

/**
 * Provisioning assembled from its ports: consumes `cwmp.session-events` and writes each open
 * session's outbox. Start it after the stores; stop it before them.
 */
export class Provisioning {
  readonly handleSessionEvents: HandleSessionEvents;
  readonly tasks: TaskRunner;
  private diagnosticSweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly ports: ProvisioningPorts,
    private readonly consumer: EventConsumer,
    readonly settings: ProvisioningSettings = DEFAULT_PROVISIONING_SETTINGS,
  ) {
    const now = ports.now ?? (() => new Date());
    const events = new ProvisioningEvents(ports.events, now);
    const faults = new ProvisioningFaults(ports.inventory, ports.devices, events, now);
    this.tasks = new TaskRunner(ports.tasks, events, faults, settings, now);
    const zeroTouch = new ZeroTouch(ports, settings, events);
    const convergence = new Convergence(ports, settings, faults, zeroTouch, now);
    const cpeRequests = new CpeRequestHandler(ports.tasks, this.tasks, events, settings, ports.log);
    const conductor = new SessionConductor(
      ports,
      settings,
      this.tasks,
      convergence,
      cpeRequests,
      now,
    );
    this.handleSessionEvents = new HandleSessionEvents(
      conductor,
      ports.log,
      settings.deviceConcurrency,
    );
  }

  async start(): Promise<void> {
    await this.consumer.start(TOPICS.sessionEvents, async (messages) => {
      await this.handleSessionEvents.execute(messages);
    });
    // A device that never reports its diagnostic may never open a session again: sweep.
    const every = Math.min(60_000, Math.max(250, this.settings.diagnosticTimeoutMs / 4));
    this.diagnosticSweep = setInterval(() => {
      this.tasks.expireDiagnostics().catch((error: unknown) => {
        this.ports.log.warn('diagnostic timeout sweep failed', { error: String(error) });
      });
    }, every);
    this.diagnosticSweep.unref();
  }

  async stop(): Promise<void> {
    if (this.diagnosticSweep) clearInterval(this.diagnosticSweep);
    this.diagnosticSweep = null;
    await this.consumer.stop();
  }
}
