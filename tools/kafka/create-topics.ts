/**
 * `npm run kafka:topics`: creates the platform's topics on the cluster KAFKA_BROKERS names, as
 * an operator does before the first start (the brokers should not create topics on first use:
 * auto-created topics get the broker's defaults, not the platform's partitions and durability).
 * Running it again creates only what is missing, and reports a topic whose settings differ.
 */
import { Type } from '@sinclair/typebox';
import { configFromEnv, ConfigError } from '@acs/config';
import { TOPIC_DEFAULT_PARTITIONS, TOPICS } from '@acs/contracts';
import { ensureTopics, kafkaClientEnv, kafkaFromSettings } from '@acs/event-bus';

const partitions = (variable: string, topic: keyof typeof TOPIC_DEFAULT_PARTITIONS) =>
  Type.Integer({ env: variable, default: TOPIC_DEFAULT_PARTITIONS[topic], minimum: 1 });

const TopicsConfigSchema = Type.Object({
  ...kafkaClientEnv({ clientId: 'acs-topics' }),
  replicationFactor: Type.Integer({ env: 'KAFKA_REPLICATION_FACTOR', default: 3, minimum: 1 }),
  minInsyncReplicas: Type.Integer({ env: 'KAFKA_MIN_INSYNC_REPLICAS', default: 2, minimum: 1 }),
  sessionEvents: partitions('KAFKA_SESSION_EVENTS_PARTITIONS', TOPICS.sessionEvents),
  deviceChanges: partitions('KAFKA_DEVICE_CHANGES_PARTITIONS', TOPICS.deviceChanges),
  events: partitions('KAFKA_EVENTS_PARTITIONS', TOPICS.events),
  commands: partitions('KAFKA_COMMANDS_PARTITIONS', TOPICS.commands),
  commandResults: partitions('KAFKA_COMMAND_RESULTS_PARTITIONS', TOPICS.commandResults),
  audit: partitions('KAFKA_AUDIT_PARTITIONS', TOPICS.audit),
});

async function main(): Promise<void> {
  const config = configFromEnv(TopicsConfigSchema);
  if (config.minInsyncReplicas > config.replicationFactor) {
    throw new ConfigError(['KAFKA_MIN_INSYNC_REPLICAS: larger than KAFKA_REPLICATION_FACTOR']);
  }
  const name = (topic: string) => `${config.kafkaNamePrefix}${topic}`;
  const admin = kafkaFromSettings(config).admin();
  await admin.connect();
  try {
    const ensured = await ensureTopics(
      admin,
      [
        { name: name(TOPICS.sessionEvents), partitions: config.sessionEvents },
        { name: name(TOPICS.deviceChanges), partitions: config.deviceChanges },
        { name: name(TOPICS.events), partitions: config.events },
        { name: name(TOPICS.commands), partitions: config.commands },
        { name: name(TOPICS.commandResults), partitions: config.commandResults },
        { name: name(TOPICS.audit), partitions: config.audit },
      ],
      config,
    );
    console.log(JSON.stringify(ensured));
    if (ensured.problems.length > 0) process.exitCode = 3;
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`kafka:topics: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
});
