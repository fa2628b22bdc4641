import { runService } from '@acs/config';
import { jsonLinesLog } from '@acs/inventory';
import { startProvisioning } from './provisioning-app';
import { provisioningServiceConfigFromEnv } from './provisioning-config';

/**
 * The provisioning service: decides every CPE session's RPCs and serves the operator API. Stops
 * cleanly on SIGTERM or SIGINT: the batch in hand is finished and committed first.
 */
const log = jsonLinesLog(undefined, 'provisioning');
runService({
  name: 'provisioning',
  log,
  config: () => provisioningServiceConfigFromEnv(),
  start: (config) => startProvisioning(config, log),
  // The key is shown once, on the first start, for the operator to store.
  ready: ({ nbiPort, opsPort, adminKey }) => ({
    nbiPort,
    opsPort,
    ...(adminKey ? { adminKey } : {}),
  }),
});
