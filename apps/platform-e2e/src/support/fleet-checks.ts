import {
  REDIS_KEYS,
  TOPICS,
  validateProvisioningEvent,
  validateSessionEvent,
  type ProvisioningEvent,
  type SessionEvent,
} from '@acs/contracts';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { readWholeTopic } from './topic-reader';

/** Every session event on the topic now, checked against its contract. */
export async function sessionEventsOnTopic(
  kafka: Kafka,
  topic: (name: string) => string,
): Promise<SessionEvent[]> {
  const records = await readWholeTopic(kafka, topic(TOPICS.sessionEvents));
  return records.map(({ value }) => {
    const checked = validateSessionEvent(JSON.parse(value));
    if (!checked.ok) throw new Error(`a session event breaks its contract: ${checked.errors}`);
    return checked.value;
  });
}

/** Every provisioning event on acs.events now (device lifecycle events are skipped). */
export async function provisioningEventsOnTopic(
  kafka: Kafka,
  topic: (name: string) => string,
): Promise<ProvisioningEvent[]> {
  const records = await readWholeTopic(kafka, topic(TOPICS.events));
  return records.flatMap(({ value }) => {
    const checked = validateProvisioningEvent(JSON.parse(value));
    return checked.ok ? [checked.value] : [];
  });
}

/**
 * Executions of tasks a user could see twice: a task whose completion was announced under more
 * than one event id (an OSS deduplicating by id would act twice).
 */
export function tasksAnnouncedTwice(events: readonly ProvisioningEvent[]): string[] {
  const idsByTask = new Map<string, Set<string>>();
  for (const event of events) {
    if (event.type !== 'TaskCompleted') continue;
    const ids = idsByTask.get(event.taskId) ?? new Set<string>();
    ids.add(event.eventId);
    idsByTask.set(event.taskId, ids);
  }
  return [...idsByTask].filter(([, ids]) => ids.size > 1).map(([taskId]) => taskId);
}

/** The device's session keys still in Redis (lock, record, outbox): none once it is idle. */
export async function openSessionKeys(redis: Redis, deviceId: string): Promise<number> {
  return redis.exists(
    REDIS_KEYS.lock(deviceId),
    REDIS_KEYS.session(deviceId),
    REDIS_KEYS.outbox(deviceId),
  );
}
