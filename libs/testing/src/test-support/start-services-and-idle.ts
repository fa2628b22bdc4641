/**
 * Child process for the no-leftover-process tests: starts redis-server, a Redis Cluster (six
 * redis-server processes), a Kafka mock cluster and a real Kafka cluster (one broker and its
 * controller), prints their PIDs as one JSON line, then idles until the test kills it. It
 * deliberately never calls stop(): whatever cleans up must be the harness' own guarantees.
 */
import { startKafkaCluster } from '../kafka-cluster/kafka-cluster';
import { startKafkaMockCluster } from '../kafka-mock-cluster';
import { startRedisCluster } from '../redis-cluster';
import { startRedisServer } from '../redis-server';

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const redisCluster = await startRedisCluster();
  const kafka = await startKafkaMockCluster({ brokers: 1 });
  const kafkaCluster = await startKafkaCluster({ brokers: 1 });
  const pids = [
    redis.pid,
    ...redisCluster.members.map((node) => node.pid),
    kafka.pid,
    ...kafkaCluster.pids(),
  ];
  process.stdout.write(`${JSON.stringify({ pids })}\n`);
  // Idle, but never outlive the test that spawned us: exit when its stdin pipe closes.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
