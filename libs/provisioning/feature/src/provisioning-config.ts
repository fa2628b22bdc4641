import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { ConfigError, configFromEnv } from '@acs/config';
import { BUILT_IN_QUIRK_PROFILES, validateQuirkProfiles } from '@acs/provisioning-domain';
import { DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_RATE_LIMITS } from '@acs/connection-request';
import type { ConnectionRequestSettings } from './connection-requests/connection-request-settings';
import type { OssEndpointSettings } from './subscribers/oss-subscriber-lookup';
import { DEFAULT_PROVISIONING_SETTINGS, type ProvisioningSettings } from './settings';

const defaults = DEFAULT_PROVISIONING_SETTINGS;

export const ProvisioningEnvSchema = Type.Object({
  maxTaskAttempts: Type.Integer({
    env: 'PROVISIONING_MAX_TASK_ATTEMPTS',
    default: defaults.maxTaskAttempts,
    minimum: 1,
    maximum: 100,
  }),
  retryDelayMs: Type.Integer({
    env: 'PROVISIONING_RETRY_DELAY_MS',
    default: defaults.retryDelayMs,
    minimum: 0,
  }),
  maxRetryDelayMs: Type.Integer({
    env: 'PROVISIONING_MAX_RETRY_DELAY_MS',
    default: defaults.maxRetryDelayMs,
    minimum: 0,
  }),
  maxConvergenceRounds: Type.Integer({
    env: 'PROVISIONING_MAX_ROUNDS',
    default: defaults.maxConvergenceRounds,
    minimum: 1,
    maximum: 1000,
  }),
  deviceConcurrency: Type.Integer({
    env: 'PROVISIONING_DEVICE_CONCURRENCY',
    default: defaults.deviceConcurrency,
    minimum: 1,
  }),
  /** Empty: no quarantine. */
  quarantineTag: Type.String({ env: 'PROVISIONING_QUARANTINE_TAG', default: '', maxLength: 128 }),
  /** JSON object: FileType → URL, for RequestDownload. */
  requestDownloadUrls: Type.String({ env: 'PROVISIONING_REQUEST_DOWNLOAD_URLS', default: '{}' }),
  /** A JSON file of quirk profiles, used instead of the built-in list. */
  quirkProfilesFile: Type.String({ env: 'PROVISIONING_QUIRK_PROFILES_FILE', default: '' }),
  /**
   * `platform`: a device the platform holds no connection-request password for gets unique
   * credentials set in its session; `device`: devices keep theirs.
   */
  connectionRequestCredentials: Type.Union([Type.Literal('platform'), Type.Literal('device')], {
    env: 'PROVISIONING_CONNECTION_REQUEST_CREDENTIALS',
    default: 'platform',
  }),
});

/** Provisioning's settings from PROVISIONING_* variables, validated once at start-up. */
export function provisioningSettingsFromEnv(
  env: Record<string, string | undefined> = process.env,
): ProvisioningSettings {
  const raw = configFromEnv(ProvisioningEnvSchema, env);
  return {
    ...defaults,
    maxTaskAttempts: raw.maxTaskAttempts,
    retryDelayMs: raw.retryDelayMs,
    maxRetryDelayMs: raw.maxRetryDelayMs,
    maxConvergenceRounds: raw.maxConvergenceRounds,
    deviceConcurrency: raw.deviceConcurrency,
    quarantineTag: raw.quarantineTag === '' ? null : raw.quarantineTag,
    requestDownloadUrls: urlsFrom(raw.requestDownloadUrls),
    quirkProfiles: raw.quirkProfilesFile
      ? profilesFrom(raw.quirkProfilesFile)
      : BUILT_IN_QUIRK_PROFILES,
    connectionRequestCredentials: raw.connectionRequestCredentials,
  };
}

function urlsFrom(text: string): Record<string, string> {
  const problem = new ConfigError([
    'PROVISIONING_REQUEST_DOWNLOAD_URLS: expected a JSON object of FileType to URL',
  ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw problem;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw problem;
  const entries = Object.entries(parsed);
  if (entries.some(([, url]) => typeof url !== 'string' || !/^(https?|ftp):\/\//.test(url))) {
    throw problem;
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function profilesFrom(file: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([
      `PROVISIONING_QUIRK_PROFILES_FILE: cannot read ${file}: ${String(error)}`,
    ]);
  }
  const checked = validateQuirkProfiles(parsed);
  if (!checked.ok) {
    throw new ConfigError(
      checked.errors.map((error) => `PROVISIONING_QUIRK_PROFILES_FILE: ${JSON.stringify(error)}`),
    );
  }
  return checked.value;
}

export const ConnectionRequestEnvSchema = Type.Object({
  timeoutMs: Type.Integer({
    env: 'CONNECTION_REQUEST_TIMEOUT_MS',
    default: DEFAULT_HTTP_TIMEOUT_MS,
    minimum: 100,
    maximum: 60_000,
  }),
  allowBasic: Type.Boolean({ env: 'CONNECTION_REQUEST_ALLOW_BASIC', default: false }),
  deviceIntervalMs: Type.Integer({
    env: 'CONNECTION_REQUEST_DEVICE_INTERVAL_MS',
    default: DEFAULT_RATE_LIMITS.deviceIntervalMs,
    minimum: 0,
  }),
  globalPerSecond: Type.Integer({
    env: 'CONNECTION_REQUEST_GLOBAL_PER_SECOND',
    default: DEFAULT_RATE_LIMITS.globalPerSecond,
    minimum: 1,
    maximum: 1_000_000,
  }),
  stunPort: Type.Integer({ env: 'STUN_PORT', default: 0, minimum: 0, maximum: 65535 }),
  stunHost: Type.String({ env: 'STUN_HOST', default: '0.0.0.0', minLength: 1 }),
});

/** The connection-request settings from CONNECTION_REQUEST_* and STUN_* variables (ConfigError when bad). */
export function connectionRequestSettingsFromEnv(
  env: Record<string, string | undefined> = process.env,
): ConnectionRequestSettings {
  return configFromEnv(ConnectionRequestEnvSchema, env);
}

export const OssSubscriberEnvSchema = Type.Object({
  /** Empty: subscriber data only from the API and OSS commands. */
  url: Type.String({ env: 'SUBSCRIBER_LOOKUP_URL', default: '', pattern: '^(https?://.+)?$' }),
  timeoutMs: Type.Integer({
    env: 'SUBSCRIBER_LOOKUP_TIMEOUT_MS',
    default: 2_000,
    minimum: 50,
    maximum: 60_000,
  }),
  retries: Type.Integer({ env: 'SUBSCRIBER_LOOKUP_RETRIES', default: 1, minimum: 0, maximum: 5 }),
  cacheTtlMs: Type.Integer({ env: 'SUBSCRIBER_LOOKUP_CACHE_TTL_MS', default: 300_000, minimum: 0 }),
  cacheSize: Type.Integer({ env: 'SUBSCRIBER_LOOKUP_CACHE_SIZE', default: 100_000, minimum: 1 }),
});

/** The OSS/BSS subscriber endpoint from SUBSCRIBER_LOOKUP_* variables; null when no URL is set. */
export function ossSubscriberEndpointFromEnv(
  env: Record<string, string | undefined> = process.env,
): OssEndpointSettings | null {
  const settings = configFromEnv(OssSubscriberEnvSchema, env);
  return settings.url === '' ? null : settings;
}
