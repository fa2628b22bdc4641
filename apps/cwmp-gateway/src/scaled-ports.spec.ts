import { InMemoryCredentialsProvider } from '@acs/cpe-auth';
import { gatewayConfigFromEnv, type GatewayLogger } from '@acs/cwmp-gateway';
import { redisTargetFromEnv } from '@acs/redis';
import { freePort } from '@acs/testing';
import { connectScaledPorts } from './scaled-ports';

describe('connectScaledPorts while Redis is away', () => {
  it.each([
    ['one server', (port: number) => ({ REDIS_URL: `redis://127.0.0.1:${port}` })],
    ['a Cluster', (port: number) => ({ REDIS_CLUSTER_NODES: `127.0.0.1:${port}` })],
  ])(
    'starts on %s, and is not ready',
    async (_topology, env) => {
      const [redisPort, kafkaPort] = [await freePort(), await freePort()];
      const warnings: string[] = [];
      const logger: GatewayLogger = {
        log: () => undefined,
        warn: (entry) => warnings.push(String(entry['event'])),
        error: () => undefined,
      };
      const ports = await connectScaledPorts(
        gatewayConfigFromEnv({ CWMP_NONCE_SECRET: 'a'.repeat(64) }),
        {
          redis: redisTargetFromEnv(env(redisPort)),
          kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
          kafkaClientId: 'scaled-ports-spec',
          idempotentProducer: true,
          kafkaNamePrefix: '',
          credentials: new InMemoryCredentialsProvider({}),
        },
        'pod-away',
        logger,
      );
      try {
        expect(await ports.readiness()).toEqual({ redis: false, kafka: false });
        expect(warnings).toContain('redis-unreachable-at-start');
      } finally {
        await ports.close();
      }
    },
    30_000,
  );
});
