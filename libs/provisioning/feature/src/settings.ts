import {
  BUILT_IN_QUIRK_PROFILES,
  MAX_CONVERGENCE_ROUNDS,
  type QuirkProfile,
} from '@acs/provisioning-domain';

export interface ProvisioningSettings {
  /** How long provisioning remembers a session's progress: longer than any session lasts. */
  progressTtlMs: number;
  /** Attempts (sessions) a task gets before it fails for good. */
  maxTaskAttempts: number;
  /** Delay before the first retry; doubled for every further attempt, up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** RPCs a session may spend converging presets before provisioning records a fault and ends it. */
  maxConvergenceRounds: number;
  /** Devices of one consumed batch handled at once (each device's events stay in order). */
  deviceConcurrency: number;
  /** Zero-touch: tag for an unknown device with no service profile; null turns quarantine off. */
  quarantineTag: string | null;
  /** RequestDownload: the URL to answer each FileType with (`1 Firmware Upgrade Image` → URL). */
  requestDownloadUrls: Record<string, string>;
  /** Device-class quirk profiles: encoder options and RPC choices per OUI/ProductClass/version. */
  quirkProfiles: readonly QuirkProfile[];
  /** Where a subscriber's service profile ranks among presets (higher wins). */
  subscriberProfilePrecedence: number;
  /**
   * Who chooses devices' connection-request credentials: `platform` sets unique ones at first
   * contact (the app then gives `ProvisioningPorts.connectionRequestCredentials`), `device`
   * leaves them.
   */
  connectionRequestCredentials: 'platform' | 'device';
}

export const DEFAULT_PROVISIONING_SETTINGS: ProvisioningSettings = {
  progressTtlMs: 15 * 60_000,
  maxTaskAttempts: 5,
  retryDelayMs: 60_000,
  maxRetryDelayMs: 6 * 3600_000,
  maxConvergenceRounds: MAX_CONVERGENCE_ROUNDS,
  deviceConcurrency: 64,
  quarantineTag: null,
  requestDownloadUrls: {},
  quirkProfiles: BUILT_IN_QUIRK_PROFILES,
  subscriberProfilePrecedence: 1_000,
  connectionRequestCredentials: 'platform',
};

/** When a task that failed its `attempt`-th try runs again. */
export function retryDelayFor(settings: ProvisioningSettings, attempt: number): number {
  return Math.min(settings.maxRetryDelayMs, settings.retryDelayMs * 2 ** Math.max(0, attempt - 1));
}
