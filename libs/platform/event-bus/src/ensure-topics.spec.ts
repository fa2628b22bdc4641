import { useKafkaCluster } from '@acs/testing';
import { ensureTopics } from './ensure-topics';

/** TOPIC_CONFIG resource type of DescribeConfigs. */
const TOPIC_RESOURCE = 2;

describe('ensureTopics', () => {
  const kafka = useKafkaCluster();

  it('creates the missing topics with their partitions and durability, and changes nothing when run again', async () => {
    const admin = kafka.client('operator').admin();
    await admin.connect();
    try {
      const plans = [
        { name: kafka.topic('sessions'), partitions: 6 },
        { name: kafka.topic('events'), partitions: 3 },
      ];
      const durability = { replicationFactor: 3, minInsyncReplicas: 2 };
      expect(await ensureTopics(admin, plans, durability)).toEqual({
        created: plans.map((plan) => plan.name),
        existing: [],
        problems: [],
      });
      const { topics } = await admin.fetchTopicMetadata({ topics: plans.map((p) => p.name) });
      expect(topics.map((topic) => topic.partitions.length).sort()).toEqual([3, 6]);
      for (const partition of topics.flatMap((topic) => topic.partitions)) {
        expect(partition.replicas).toHaveLength(3);
      }
      const { resources } = await admin.describeConfigs({
        resources: [{ type: TOPIC_RESOURCE, name: kafka.topic('sessions') }],
        includeSynonyms: false,
      });
      expect(
        resources[0]?.configEntries.find((entry) => entry.configName === 'min.insync.replicas'),
      ).toMatchObject({ configValue: '2' });

      const again = await ensureTopics(
        admin,
        [...plans, { name: kafka.topic('sessions'), partitions: 12 }].slice(1),
        durability,
      );
      expect(again.created).toEqual([]);
      expect(again.problems).toEqual([
        `${kafka.topic('sessions')} has 6 partitions, fewer than the 12 planned`,
      ]);
    } finally {
      await admin.deleteTopics({ topics: [kafka.topic('sessions'), kafka.topic('events')] });
      await admin.disconnect();
    }
  }, 60_000);
});
