import 'reflect-metadata';
import { hostname } from 'os';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Type } from '@sinclair/typebox';
import { configFromEnv } from '@acs/config';
import { GatewayModule, gatewayConfigFromEnv, nestGatewayLogger } from '@acs/cwmp-gateway';
import { describeRedisTarget, redisTargetFromEnv } from '@acs/redis';
import { connectScaledPorts } from './scaled-ports';

const ScaledConfigSchema = Type.Object({
  kafkaBrokers: Type.Array(Type.String(), { env: 'KAFKA_BROKERS', minItems: 1 }),
  kafkaClientId: Type.String({ env: 'KAFKA_CLIENT_ID', default: 'cwmp-gateway' }),
  idempotentProducer: Type.Boolean({ env: 'KAFKA_IDEMPOTENT_PRODUCER', default: true }),
});

/** The scaled CWMP gateway: one pod of many behind a load balancer, sessions in Redis, events to Kafka. */
async function main(): Promise<void> {
  const nestLogger = new ConsoleLogger({ json: true });
  const logger = nestGatewayLogger(nestLogger);
  const config = gatewayConfigFromEnv();
  const scaled = configFromEnv(ScaledConfigSchema);
  const redis = redisTargetFromEnv();
  const podId = config.podId ?? `${hostname()}-${process.pid}`;
  logger.log({
    event: 'adapters',
    sessionStore: 'redis',
    redis: describeRedisTarget(redis),
    eventBus: 'kafka',
    brokers: scaled.kafkaBrokers,
  });
  const ports = await connectScaledPorts(config, { ...scaled, redis }, podId, logger);
  const app = await NestFactory.createApplicationContext(
    GatewayModule.forRoot({ config: { ...config, podId }, ports }),
    { logger: nestLogger },
  );
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
