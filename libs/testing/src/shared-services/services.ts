import { startKafkaCluster, type KafkaClusterInfo } from '../kafka-cluster/kafka-cluster';
import { explicitMongoServer, type MongoServerInfo } from '../mongo/explicit-server';
import { startFerretDb } from '../mongo/ferretdb-server';

export interface SharedServices {
  kafka: KafkaClusterInfo;
  mongo: MongoServerInfo;
}

export type SharedServiceName = keyof SharedServices;

interface Started<T> {
  info: T;
  stop(): Promise<void>;
}

/**
 * The servers one test run starts once and every suite shares: each suite keeps to its own
 * topics (and consumer groups) under a prefix of its own, and to databases of its own. Suites
 * that kill brokers start a cluster of their own instead (useDedicatedKafkaCluster).
 */
export const SHARED_SERVICE_STARTERS: {
  [K in SharedServiceName]: () => Promise<Started<SharedServices[K]>>;
} = {
  kafka: async () => {
    const cluster = await startKafkaCluster();
    return { info: cluster.info, stop: () => cluster.stop() };
  },
  // MONGODB_URI (a real MongoDB) replaces FerretDB for the whole run.
  mongo: async () => {
    const explicit = explicitMongoServer();
    if (explicit) return { info: explicit, stop: () => Promise.resolve() };
    const server = await startFerretDb();
    return { info: server.info, stop: () => server.stop() };
  },
};
