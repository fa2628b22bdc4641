import { Static, Type } from '@sinclair/typebox';
import { configFromEnv } from '@acs/config';
import { secretSettingsEnv } from '@acs/secrets';
import { fileServerSettingsEnv, firmwareSettingsEnv } from '@acs/firmware-data-access';
import {
  nbiLimitsOf,
  nbiLimitsSettingsEnv,
  nbiOidcSettingsEnv,
  nbiTransportOf,
  nbiTransportSettingsEnv,
  oidcSettingsOf,
  type NbiLimits,
  type NbiTransport,
  type OidcSettings,
} from '@acs/nbi';
import { gatewayConfigFromEnv, type GatewayConfig } from '@acs/cwmp-gateway';
import {
  connectionRequestSettingsFromEnv,
  ossSubscriberEndpointFromEnv,
  type OssEndpointSettings,
  provisioningSettingsFromEnv,
  type ConnectionRequestSettings,
  type ProvisioningSettings,
} from '@acs/provisioning';

/** The all-in-one app's own settings; the gateway's come from the CWMP_* variables. */
export const AcsConfigSchema = Type.Object({
  /** Devices, tasks, API keys, the audit log (SQLite files) and firmware images live here. */
  dataDir: Type.String({ env: 'ACS_DATA_DIR', default: 'data', minLength: 1 }),
  nbiPort: Type.Integer({ env: 'NBI_PORT', default: 7557, minimum: 0, maximum: 65535 }),
  /**
   * Loopback by default: plain HTTP is allowed there. To reach the API from elsewhere, give it a
   * certificate (NBI_TLS_*) or opt in to plain HTTP (NBI_ALLOW_PLAIN_HTTP).
   */
  nbiHost: Type.String({ env: 'NBI_HOST', default: '127.0.0.1', minLength: 1 }),
  ...nbiTransportSettingsEnv(),
  ...nbiLimitsSettingsEnv(),
  ...nbiOidcSettingsEnv(),
  ...firmwareSettingsEnv(),
  ...fileServerSettingsEnv(),
  /** Keys sealing secrets at rest; without them a key is made under ACS_DATA_DIR at first start. */
  ...secretSettingsEnv(),
});

export type AcsConfig = Static<typeof AcsConfigSchema> & {
  gateway: GatewayConfig;
  provisioning: ProvisioningSettings;
  /** CONNECTION_REQUEST_* and STUN_* (STUN off unless STUN_PORT is set). */
  connectionRequests: ConnectionRequestSettings;
  ossSubscribers: OssEndpointSettings | null;
  /** The operator API's single sign-on (NBI_OIDC_*), or null: API keys only. */
  oidc: OidcSettings | null;
  /** HTTPS (NBI_TLS_*), or plain HTTP on loopback or by opt-in. */
  nbiTransport: NbiTransport;
  /** Request budgets and the bound on fleet scans (NBI_*_RATE_*, NBI_MAX_EXPENSIVE_QUERIES). */
  nbiLimits: NbiLimits;
};

/**
 * The all-in-one app is the lab and small-ISP default: CPEs are let in without credentials unless
 * CWMP_AUTH (with CWMP_CREDENTIALS_FILE) says otherwise, and the app says so loudly at start.
 */
export function acsConfigFromEnv(env: Record<string, string | undefined> = process.env): AcsConfig {
  const config = configFromEnv(AcsConfigSchema, env);
  return {
    ...config,
    gateway: gatewayConfigFromEnv({ CWMP_AUTH: 'none', ...env }),
    provisioning: provisioningSettingsFromEnv(env),
    connectionRequests: connectionRequestSettingsFromEnv(env),
    ossSubscribers: ossSubscriberEndpointFromEnv(env),
    oidc: oidcSettingsOf(config),
    nbiTransport: nbiTransportOf(config),
    nbiLimits: nbiLimitsOf(config),
  };
}
