import { TOPICS, validateSessionEvent } from '@acs/contracts';
import type { InProcessEventBus } from '@acs/event-bus';
import type { SessionStore } from '@acs/session-store';

/**
 * The all-in-one app's answer to every session step until the provisioning module lands
 * (issue 5): there is no work to send a device yet, so each session gets END as soon as it opens
 * (or after a CPE answered, should anything have sent an RPC). Tasks created through the API stay
 * pending until then.
 */
export function endSessionsWithoutWork(bus: InProcessEventBus, sessions: SessionStore): void {
  bus.subscribe(TOPICS.sessionEvents, async (message) => {
    const event = validateSessionEvent(JSON.parse(message.value));
    if (!event.ok) return;
    if (event.value.type !== 'SessionOpened' && event.value.type !== 'RpcResult') return;
    await sessions.push(event.value.deviceId, { kind: 'end', sessionId: event.value.sessionId });
  });
}
