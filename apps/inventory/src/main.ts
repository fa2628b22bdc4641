import { runService } from '@acs/config';
import { nestJsonLog } from '@acs/inventory';
import { startInventory } from './inventory-app';
import { inventoryConfigFromEnv } from './inventory-config';

/**
 * The inventory service: consumes cwmp.session-events, keeps the device store, announces device
 * lifecycle on acs.events. Stops cleanly on SIGTERM or SIGINT: the batch in hand is written and
 * committed, then Kafka and the store are closed, and the process exits with 0.
 */
const log = nestJsonLog();
runService({
  name: 'inventory',
  log,
  config: () => inventoryConfigFromEnv(),
  start: (config) => startInventory(config, log),
});
