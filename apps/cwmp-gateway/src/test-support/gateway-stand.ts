import { InMemoryCredentialsProvider, type CredentialsEntries } from '@acs/cpe-auth';
import {
  CwmpGateway,
  gatewayConfigFromEnv,
  type GatewayConfig,
  type GatewayLogger,
} from '@acs/cwmp-gateway';
import { createRedisClient, type RedisTarget } from '@acs/redis';
import { RedisSessionStore } from '@acs/session-store';
import { connectScaledPorts, type ScaledPorts } from '../scaled-ports';

export interface GatewayStand {
  gateway: CwmpGateway;
  ports: ScaledPorts;
  /** The CWMP endpoint, e.g. http://127.0.0.1:40123/ */
  url: string;
  opsUrl: string;
  logs: Record<string, unknown>[];
  stop(graceMs?: number): Promise<void>;
}

/** The password every simulated device uses in these tests (the username is its serial). */
export const TEST_ACS_PASSWORD = 'cpe-secret';

/**
 * One gateway pod wired exactly as main.ts wires it (Redis, Kafka, Digest), on free ports, with
 * settings from `env` on top of test-friendly defaults.
 */
export async function startGatewayStand(options: {
  redis: RedisTarget;
  kafka: { brokers: string[]; prefix: string };
  /** Default true; off only against librdkafka's mock cluster (the benchmark's `--kafka mock`). */
  idempotentProducer?: boolean;
  env?: Record<string, string>;
  credentials?: CredentialsEntries;
  podId?: string;
}): Promise<GatewayStand> {
  const config: GatewayConfig = gatewayConfigFromEnv({
    CWMP_PORT: '0',
    CWMP_OPS_PORT: '0',
    CWMP_HOST: '127.0.0.1',
    CWMP_NONCE_SECRET: 'a'.repeat(64),
    CWMP_PUBLISH_TIMEOUT_MS: '3000',
    CWMP_DRAIN_GRACE_MS: '5000',
    ...options.env,
  });
  const podId = options.podId ?? `pod-${Math.random().toString(36).slice(2, 8)}`;
  const logs: Record<string, unknown>[] = [];
  const logger: GatewayLogger = {
    log: (entry) => logs.push({ level: 'info', ...entry }),
    warn: (entry) => logs.push({ level: 'warn', ...entry }),
    error: (entry) => logs.push({ level: 'error', ...entry }),
  };
  const ports = await connectScaledPorts(
    config,
    {
      redis: options.redis,
      kafkaBrokers: options.kafka.brokers,
      kafkaClientId: podId,
      idempotentProducer: options.idempotentProducer ?? true,
      kafkaNamePrefix: options.kafka.prefix,
      credentials: new InMemoryCredentialsProvider(options.credentials ?? {}),
    },
    podId,
    logger,
  );
  const gateway = new CwmpGateway({ ...config, podId }, ports);
  const { cwmpPort, opsPort } = await gateway.start();
  await waitUntilReady(ports);
  return {
    gateway,
    ports,
    url: `${config.tlsCertFile ? 'https' : 'http'}://127.0.0.1:${cwmpPort}/`,
    opsUrl: `http://127.0.0.1:${opsPort}`,
    logs,
    stop: async (graceMs = 2_000) => {
      await gateway.stop(graceMs);
      await ports.close();
    },
  };
}

async function waitUntilReady(ports: ScaledPorts): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const checks = await ports.readiness();
    if (Object.values(checks).every(Boolean)) return;
    if (Date.now() > deadline)
      throw new Error(`gateway dependencies not ready: ${JSON.stringify(checks)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A session store for the orchestrator's side (provisioning is a separate process in production). */
export async function orchestratorStore(
  target: RedisTarget,
): Promise<{ store: RedisSessionStore; close(): Promise<void> }> {
  const redis = createRedisClient(target);
  const store = new RedisSessionStore(redis, 'orchestrator');
  return {
    store,
    close: async () => {
      await store.shutdown();
      redis.disconnect();
    },
  };
}

/** Credentials entries for simulated devices SIM000000.. (username = serial). */
export function simulatedDeviceCredentials(
  oui: string,
  productClass: string,
  serials: string[],
  password = TEST_ACS_PASSWORD,
): CredentialsEntries {
  return {
    devices: serials.map((serialNumber) => ({
      oui,
      productClass,
      serialNumber,
      username: serialNumber,
      password,
    })),
  };
}
