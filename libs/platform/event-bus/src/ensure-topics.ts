import type { Admin } from 'kafkajs';
import { createTopicsWithLeaders } from './create-topics';

export interface TopicPlan {
  /** The full name, prefix included. */
  name: string;
  partitions: number;
}

export interface TopicDurability {
  replicationFactor: number;
  /** With acks from all in-sync replicas, how many copies a write needs before it is acknowledged. */
  minInsyncReplicas: number;
}

export interface TopicsEnsured {
  created: string[];
  /** Topics that were there already, as planned or with more partitions. */
  existing: string[];
  /** What differs from the plan and was left as it is (an operator's call). */
  problems: string[];
}

/**
 * Creates the topics that are missing, as an operator would: through the admin API, with their
 * partitions, replication and min.insync.replicas. Running it again changes nothing. A topic
 * that exists with other settings is reported, never changed: adding partitions would move
 * devices to other partitions, and one device's events would no longer be read in order.
 */
export async function ensureTopics(
  admin: Admin,
  plans: readonly TopicPlan[],
  durability: TopicDurability,
): Promise<TopicsEnsured> {
  const existingNames = new Set(await admin.listTopics());
  const missing = plans.filter((plan) => !existingNames.has(plan.name));
  if (missing.length > 0) {
    await createTopicsWithLeaders(
      admin,
      missing.map((plan) => ({
        topic: plan.name,
        numPartitions: plan.partitions,
        replicationFactor: durability.replicationFactor,
        configEntries: [
          { name: 'min.insync.replicas', value: String(durability.minInsyncReplicas) },
        ],
      })),
    );
  }
  const present = plans.filter((plan) => existingNames.has(plan.name));
  const problems: string[] = [];
  if (present.length > 0) {
    const { topics } = await admin.fetchTopicMetadata({ topics: present.map((p) => p.name) });
    for (const plan of present) {
      const partitions = topics.find((topic) => topic.name === plan.name)?.partitions ?? [];
      if (partitions.length < plan.partitions) {
        problems.push(
          `${plan.name} has ${partitions.length} partitions, fewer than the ${plan.partitions} planned`,
        );
      }
      const replicas = Math.min(...partitions.map((partition) => partition.replicas.length));
      if (replicas < durability.replicationFactor) {
        problems.push(
          `${plan.name} keeps ${replicas} replicas, fewer than the ${durability.replicationFactor} planned`,
        );
      }
    }
  }
  return {
    created: missing.map((plan) => plan.name),
    existing: present.map((plan) => plan.name),
    problems,
  };
}
