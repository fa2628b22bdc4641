import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { nestGatewayLogger } from '@acs/cwmp-gateway';
import { nestJsonLog } from '@acs/inventory';
import { ensureAdminKey, listenNbi, nbiHttpMetrics, nbiServerOptions } from '@acs/nbi';
import { acsConfigFromEnv } from './acs-config';
import { composeAcs } from './acs.module';

/** `npm start`: the whole ACS in one process, data under ACS_DATA_DIR. */
async function main(): Promise<void> {
  const nestLogger = new ConsoleLogger({
    json: true,
    logLevels: ['log', 'warn', 'error', 'fatal'],
  });
  const logger = nestGatewayLogger(nestLogger);
  const inventoryLog = nestJsonLog(nestLogger);
  const config = acsConfigFromEnv();
  logger.log({
    event: 'adapters',
    eventBus: 'in-process',
    sessionStore: 'in-process',
    deviceStore: 'embedded (SQLite)',
    dataDir: config.dataDir,
    cpeAuthentication: config.gateway.authMode,
  });
  const parts = await composeAcs(config, logger, inventoryLog);
  const app = await NestFactory.create<NestExpressApplication>(parts.module, new ExpressAdapter(), {
    bodyParser: false,
    logger: nestLogger,
    ...nbiServerOptions(config.nbiTransport),
  });
  app.disable('x-powered-by');
  app.use(nbiHttpMetrics(parts.nbiMetrics));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const nbi = await listenNbi(app, {
    port: config.nbiPort,
    host: config.nbiHost,
    transport: config.nbiTransport,
    log: inventoryLog,
  });
  const adminKey = await ensureAdminKey(parts.nbiStores.apiKeys);

  const host = (h: string) => (h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h);
  const lines = [
    '',
    'ACS is running (all-in-one)',
    `  CWMP endpoint (point CPEs here): http://${host(config.gateway.host)}:${config.gateway.port}/`,
    `  Operator API:                    ${nbi.url}/api/v1  (OpenAPI: /api-docs)`,
    `  Firmware file server (CPEs):      ${parts.firmware.origin}/files/  (signed URLs only)`,
    `  Metrics, health:                 http://${host(config.gateway.host)}:${config.gateway.opsPort}/metrics  /healthz  /readyz`,
    `  Data directory:                  ${config.dataDir}`,
    ...(config.gateway.authMode === 'none'
      ? [
          '  CPE authentication is OFF (lab default): set CWMP_AUTH=digest and CWMP_CREDENTIALS_FILE to require it.',
        ]
      : []),
    ...(adminKey
      ? [
          '',
          `  Admin API key (shown once, store it now): ${adminKey}`,
          `  Try: curl -H "Authorization: Bearer ${adminKey}" ${nbi.url}/api/v1/devices`,
        ]
      : []),
    `  Simulate CPEs: npm run sim -- --acs http://127.0.0.1:${config.gateway.port}/ --devices 100`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `acs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
