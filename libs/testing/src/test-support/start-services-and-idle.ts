/**
 * Child process for the no-leftover-process tests: starts redis-server, a Redis Cluster (six
 * redis-server processes) and a Kafka mock cluster, prints their PIDs as one JSON line, then
 * idles until the test kills it. It deliberately never calls stop(): whatever cleans up must be
 * the harness' own guarantees.
 */
import { startKafkaMockCluster } from '../kafka-mock-cluster';
import { startRedisCluster } from '../redis-cluster';
import { startRedisServer } from '../redis-server';

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const cluster = await startRedisCluster();
  const kafka = await startKafkaMockCluster({ brokers: 1 });
  const clusterPids = cluster.members.map((node) => node.pid);
  process.stdout.write(
    `${JSON.stringify({ redisPid: redis.pid, kafkaPid: kafka.pid, clusterPids })}\n`,
  );
  // Idle, but never outlive the test that spawned us: exit when its stdin pipe closes.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
