export { startRedisServer } from './redis-server';
export type { RedisServer, RedisServerOptions } from './redis-server';
export { startKafkaMockCluster } from './kafka-mock-cluster';
export type { KafkaMockCluster, KafkaMockClusterOptions } from './kafka-mock-cluster';
export { kafkaClient, FAST_CONSUMER_TIMINGS } from './kafka-client';
export { startKafkaCluster } from './kafka-cluster/kafka-cluster';
export type {
  KafkaCluster,
  KafkaClusterInfo,
  KafkaClusterOptions,
} from './kafka-cluster/kafka-cluster';
export {
  useKafkaCluster,
  useDedicatedKafkaCluster,
  kafkaDescription,
} from './kafka-cluster/kafka-fixtures';
export type {
  KafkaClusterFixture,
  DedicatedKafkaClusterFixture,
  KafkaClusterFixtureOptions,
} from './kafka-cluster/kafka-fixtures';
export { sharedService } from './shared-services/client';
export { useRedisServer, useKafkaMockCluster } from './jest-hooks';
export type {
  RedisServerFixture,
  KafkaMockClusterFixture,
  KafkaMockClusterFixtureOptions,
} from './jest-hooks';
export { isProcessRunning } from './child-processes';
export { startServiceProcess } from './service-process';
/** A TCP port free right now on 127.0.0.1 (for a child that must be told its port up front). */
export { freeLoopbackPort as freePort } from './free-port';
export type { ServiceProcess } from './service-process';
export { ManualClock } from './manual-clock';
export { useMongoServer } from './mongo-harness';
export type { MongoServerFixture, ScratchDatabase } from './mongo-harness';
export { explicitMongoServer } from './mongo/explicit-server';
export type { MongoServerInfo } from './mongo/explicit-server';
export { startFerretDb, FERRETDB_WRITES_PER_COMMAND } from './mongo/ferretdb-server';
export type { FerretDbServer, FerretDbOptions } from './mongo/ferretdb-server';
export { waitFor } from './test-support/wait-for';
