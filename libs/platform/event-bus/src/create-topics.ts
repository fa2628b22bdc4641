import type { Admin, ITopicConfig } from 'kafkajs';

/** How long new topics may take to have a leader on every partition. */
const LEADERS_TIMEOUT_MS = 60_000;
const POLL_MS = 100;

/**
 * Creates topics through the admin API and resolves once every partition of each has a leader.
 * kafkajs's own wait (`waitForLeaders`) gives up on the first broker that answers "unknown topic
 * or partition", which a KRaft broker does until the new topic's metadata has reached it (seen in
 * CI under load); here that answer, like a missing leader, only means "not yet".
 */
export async function createTopicsWithLeaders(
  admin: Admin,
  topics: ITopicConfig[],
  timeoutMs = LEADERS_TIMEOUT_MS,
): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map(({ topic }) => topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await everyPartitionLed(admin, names).catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) {
      throw new Error(
        `topics ${names.join(', ')} have no leader on every partition after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function everyPartitionLed(admin: Admin, names: string[]): Promise<boolean> {
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  return names.every((name) => {
    const partitions = topics.find((topic) => topic.name === name)?.partitions ?? [];
    return partitions.length > 0 && partitions.every((partition) => partition.leader >= 0);
  });
}
