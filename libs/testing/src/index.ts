export { startRedisServer } from './redis-server';
export type { RedisServer, RedisServerOptions, RedisClusterNodeSettings } from './redis-server';
export { startRedisCluster } from './redis-cluster';
export type { RedisCluster, RedisClusterNode, RedisClusterOptions } from './redis-cluster';
export { startKafkaMockCluster } from './kafka-mock-cluster';
export type { KafkaMockCluster, KafkaMockClusterOptions } from './kafka-mock-cluster';
export { kafkaClient, kafkaClientConfig, FAST_CONSUMER_TIMINGS } from './kafka-client';
export { startKafkaCluster } from './kafka-cluster/kafka-cluster';
export type {
  KafkaCluster,
  KafkaClusterInfo,
  KafkaClusterOptions,
} from './kafka-cluster/kafka-cluster';
export {
  attachKafkaCluster,
  dedicatedKafkaCluster,
  useKafkaCluster,
  useDedicatedKafkaCluster,
  kafkaDescription,
} from './kafka-cluster/kafka-fixtures';
export type {
  SuiteKafka,
  DedicatedSuiteKafka,
  SuiteKafkaOptions,
} from './kafka-cluster/kafka-fixtures';
export { sharedService } from './shared-services/client';
export { startLoadBalancer } from './haproxy';
export type { LoadBalancer, LoadBalancerBackend } from './haproxy';
export { useRedisServer, useRedisCluster, useKafkaMockCluster, useConnections } from './jest-hooks';
export { describeOnRedisTopologies } from './redis-topologies';
export type { RedisTopologyFixture } from './redis-topologies';
export type {
  RedisServerFixture,
  RedisClusterFixture,
  KafkaMockClusterFixture,
  KafkaMockClusterFixtureOptions,
} from './jest-hooks';
export { isProcessRunning, spawnTracked } from './child-processes';
export { startServiceProcess } from './service-process';
export { builtApp, productionEnv, typescriptToolingIn } from './built-app';
/** A TCP port free right now on 127.0.0.1 (for a child that must be told its port up front). */
export { freeLoopbackPort as freePort } from './free-port';
export type { ServiceProcess } from './service-process';
export { ManualClock } from './manual-clock';
export { useMongoServer, scratchMongoDatabase } from './mongo-harness';
export type { MongoServerFixture, ScratchDatabase } from './mongo-harness';
export { explicitMongoServer } from './mongo/explicit-server';
export type { MongoServerInfo } from './mongo/explicit-server';
export { startFerretDb, FERRETDB_WRITES_PER_COMMAND } from './mongo/ferretdb-server';
export type { FerretDbServer, FerretDbOptions } from './mongo/ferretdb-server';
export { eventually, waitFor } from './test-support/wait-for';
export { OperatorApi } from './operator-api';
export { boundaryErrorLines } from './lint-boundaries';
export { recordQueries } from './mongo/query-recorder';
export type { RecordedQuery, Document as MongoCommandDocument } from './mongo/query-recorder';
export { goToolBinary, DEPLOY_CHECKS_GO_MODULE } from './go-tools';
export type { GoTool } from './go-tools';
export { cardinalityProblems, parseExposition, scrapeMetrics } from './metrics-scrape';
export type { ScrapedFamily } from './metrics-scrape';
export { opensslAvailable, selfSignedCertificate } from './self-signed-certificate';
export type { SelfSignedCertificate } from './self-signed-certificate';
export { secretKeysEnv } from './secret-keys';
