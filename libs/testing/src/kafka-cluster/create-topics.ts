import type { Admin, ITopicConfig } from 'kafkajs';
import { waitFor } from '../test-support/wait-for';

/**
 * The harness's createTopicsWithLeaders (@acs/event-bus; the harness cannot import it, since the
 * event bus's own suites use the harness): creates topics and waits until every partition has a
 * leader, taking "unknown topic or partition" from a broker the metadata has not reached yet as
 * "not yet", where kafkajs's `waitForLeaders` gives up.
 */
export async function createTopicsWithLeaders(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map(({ topic }) => topic);
  await waitFor(
    async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: names }).catch(() => null);
      return names.every((name) => {
        const partitions = metadata?.topics.find((topic) => topic.name === name)?.partitions ?? [];
        return partitions.length > 0 && partitions.every((partition) => partition.leader >= 0);
      });
    },
    `a leader on every partition of ${names.join(', ')}`,
    60_000,
  );
}
