import type { DeviceLifecycleEvent } from '@acs/contracts';

type LifecycleType = DeviceLifecycleEvent['type'];

/**
 * The id of a lifecycle event learned from a session event: derived from the source event's id
 * and the lifecycle type, so a redelivered session event yields the same ids and OSS/BSS can
 * drop the repeats. One session event yields at most one lifecycle event of each type.
 */
export function lifecycleEventId(sourceEventId: string, type: LifecycleType): string {
  return `${sourceEventId}:${type}`;
}

/** Went-offline has no source event: the device and the deadline it missed identify it. */
export function offlineEventId(deviceId: string, onlineUntil: string): string {
  return `${deviceId}:DeviceWentOffline:${onlineUntil}`;
}

/** The fields every lifecycle event learned from `source` shares: its id, device and time. */
export function lifecycleBase(
  source: { eventId: string; deviceId: string; occurredAt: string },
  type: LifecycleType,
): {
  schemaVersion: 1;
  eventId: string;
  deviceId: string;
  occurredAt: string;
  sourceEventId: string;
} {
  return {
    schemaVersion: 1,
    eventId: lifecycleEventId(source.eventId, type),
    deviceId: source.deviceId,
    occurredAt: source.occurredAt,
    sourceEventId: source.eventId,
  };
}
