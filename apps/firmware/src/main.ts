import { runService } from '@acs/config';
import { jsonLinesLog } from '@acs/inventory';
import { startFirmware } from './firmware-app';
import { firmwareServiceConfigFromEnv } from './firmware-config';

/**
 * The firmware service: serves images and takes uploads for CPEs, and rolls campaigns out
 * through provisioning. Stops cleanly on SIGTERM or SIGINT: the events in hand are handled and
 * committed, transfers under way get a grace period.
 */
const log = jsonLinesLog(undefined, 'firmware');
runService({
  name: 'firmware',
  log,
  config: () => firmwareServiceConfigFromEnv(),
  start: (config) => startFirmware(config, log),
  ready: ({ filePort, opsPort }) => ({ filePort, opsPort }),
});
