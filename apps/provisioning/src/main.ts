import { ConfigError } from '@acs/config';
import { jsonLinesLog } from '@acs/inventory';
import { startProvisioning } from './provisioning-app';
import { provisioningServiceConfigFromEnv } from './provisioning-config';

/**
 * The provisioning service: decides every CPE session's RPCs and serves the operator API. Stops
 * cleanly on SIGTERM or SIGINT: the batch in hand is finished and committed first.
 */
async function main(): Promise<void> {
  const log = jsonLinesLog(undefined, 'provisioning');
  let config;
  try {
    config = provisioningServiceConfigFromEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`provisioning: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const running = await startProvisioning(config, log);
  // The key is shown once, on the first start, for the operator to store.
  log.info('ready', {
    nbiPort: running.nbiPort,
    opsPort: running.opsPort,
    ...(running.adminKey ? { adminKey: running.adminKey } : {}),
  });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log.info('stopping', { signal });
  await running.stop();
  log.info('stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(`provisioning: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
