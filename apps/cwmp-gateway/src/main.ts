import 'reflect-metadata';
import { hostname } from 'os';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Type } from '@sinclair/typebox';
import { configFromEnv } from '@acs/config';
import { GatewayModule, gatewayConfigFromEnv, nestGatewayLogger } from '@acs/cwmp-gateway';
import { kafkaClientEnv } from '@acs/event-bus';
import { describeRedisTarget, redisTargetFromEnv } from '@acs/redis';
import { connectScaledPorts } from './scaled-ports';

const ScaledConfigSchema = Type.Object({
  ...kafkaClientEnv({ clientId: 'cwmp-gateway' }),
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
    kafkaNamePrefix: scaled.kafkaNamePrefix,
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
