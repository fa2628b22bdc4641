import { ConfigError } from '@acs/config';
import { nestJsonLog } from '@acs/inventory';
import { startInventory } from './inventory-app';
import { inventoryConfigFromEnv } from './inventory-config';

/**
 * The inventory service: consumes cwmp.session-events, keeps the device store, announces device
 * lifecycle on acs.events. Stops cleanly on SIGTERM or SIGINT: the batch in hand is written and
 * committed, then Kafka and the store are closed, and the process exits with 0.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = inventoryConfigFromEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`inventory: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const log = nestJsonLog();
  const running = await startInventory(config, log);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log.info('stopping', { signal });
  await running.stop();
  log.info('stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(`inventory: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
