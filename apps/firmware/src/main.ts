import { ConfigError } from '@acs/config';
import { jsonLinesLog } from '@acs/inventory';
import { startFirmware } from './firmware-app';
import { firmwareServiceConfigFromEnv } from './firmware-config';

/**
 * The firmware service: serves images and takes uploads for CPEs, and rolls campaigns out
 * through provisioning. Stops cleanly on SIGTERM or SIGINT: the events in hand are handled and
 * committed, transfers under way get a grace period.
 */
async function main(): Promise<void> {
  const log = jsonLinesLog(undefined, 'firmware');
  let config;
  try {
    config = firmwareServiceConfigFromEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`firmware: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const running = await startFirmware(config, log);
  log.info('ready', { filePort: running.filePort, opsPort: running.opsPort });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log.info('stopping', { signal });
  await running.stop();
  log.info('stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(`firmware: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
