import { validateSessionEvent, type SessionEvent } from '@acs/contracts';
import { mapBounded, type ConsumedMessage } from '@acs/event-bus';
import type { ProvisioningLog } from '../ports';
import type { SessionConductor } from './session-conductor';

export interface SessionEventsReport {
  received: number;
  /** Not JSON, or not a valid session event: logged and skipped. */
  invalid: number;
  devices: number;
}

/**
 * The HandleSessionEvents use case: one consumed batch of `cwmp.session-events`. Each device's
 * events go to the conductor in order; devices proceed side by side (bounded). The batch resolves
 * once every decision is written, and the consumer commits only then: a crash redelivers it, and
 * the conductor recognises what it had already done.
 */
export class HandleSessionEvents {
  constructor(
    private readonly conductor: SessionConductor,
    private readonly log: ProvisioningLog,
    private readonly deviceConcurrency: number,
  ) {}

  async execute(messages: readonly ConsumedMessage[]): Promise<SessionEventsReport> {
    const byDevice = new Map<string, SessionEvent[]>();
    let invalid = 0;
    for (const message of messages) {
      const event = parse(message.value);
      if (!event.ok) {
        invalid++;
        this.log.warn('invalid session event skipped', {
          partition: message.partition,
          offset: message.offset,
          errors: event.errors,
        });
        continue;
      }
      const list = byDevice.get(event.value.deviceId) ?? [];
      list.push(event.value);
      byDevice.set(event.value.deviceId, list);
    }
    await mapBounded([...byDevice], this.deviceConcurrency, ([deviceId, events]) =>
      this.conductor.conduct(deviceId, events),
    );
    return { received: messages.length, invalid, devices: byDevice.size };
  }
}

function parse(value: string | null) {
  try {
    return validateSessionEvent(JSON.parse(value ?? 'null'));
  } catch (error) {
    return { ok: false as const, errors: [`not JSON: ${String(error)}`] };
  }
}
