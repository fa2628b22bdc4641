export { startRedisServer } from './redis-server';
export type { RedisServer, RedisServerOptions } from './redis-server';
export { startKafkaMockCluster } from './kafka-mock-cluster';
export type { KafkaMockCluster, KafkaMockClusterOptions } from './kafka-mock-cluster';
export { kafkaClient, FAST_CONSUMER_TIMINGS } from './kafka-client';
export { useRedisServer, useKafkaMockCluster } from './jest-hooks';
export type {
  RedisServerFixture,
  KafkaMockClusterFixture,
  KafkaMockClusterFixtureOptions,
} from './jest-hooks';
export { isProcessRunning } from './child-processes';
export { startServiceProcess, freePort } from './service-process';
export type { ServiceProcess } from './service-process';
export { ManualClock } from './manual-clock';
export { MONGODB_URI, describeWithMongo, connectScratchDatabase } from './mongo-harness';
