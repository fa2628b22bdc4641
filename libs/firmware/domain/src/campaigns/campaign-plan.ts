/** Whether a device is woken for its turn (connection request) or waits for its next Inform. */
export type CampaignMode = 'active' | 'passive';

/**
 * Confirmed: the device said it failed (a fault, or the old version after its reboot).
 * Unconfirmed: it never said anything in time (no TransferComplete, no return).
 */
export type FailureKind = 'confirmed' | 'unconfirmed';
export type FailureClass = FailureKind | 'any';

/** When a stop rule fires the campaign pauses, naming the rule and the devices behind it. */
export type StopRule =
  /** At least `atLeast` devices failed, in the whole campaign. */
  | { readonly kind: 'count'; readonly failures: FailureClass; readonly atLeast: number }
  /**
   * Of the last `over` devices that finished, at least the fraction `atLeast` failed. It fires only
   * once `over` devices have finished, so two early failures do not stop a large campaign.
   */
  | {
      readonly kind: 'ratio';
      readonly failures: FailureClass;
      readonly over: number;
      readonly atLeast: number;
    };

/** How the devices after the canary are split into waves, each started when the one before ended. */
export type WavePlan =
  /** `count` waves of equal size (the first ones take the remainder). */
  | { readonly kind: 'equal'; readonly count: number }
  /** Waves of these sizes; the last takes whatever is left. */
  | { readonly kind: 'sizes'; readonly sizes: readonly number[] }
  /** Waves growing by `factor` from `initial` (AWS IoT Jobs' exponential rollout). */
  | { readonly kind: 'exponential'; readonly initial: number; readonly factor: number };

export interface CanaryPlan {
  /** The canary's share of the devices (0..1], rounded up; or `count` devices. */
  readonly share?: number;
  readonly count?: number;
  /** How long the campaign watches the canary, once all of it finished, before the waves. */
  readonly soakSeconds: number;
}

/**
 * When devices may be upgraded: from `start` to `end` (HH:MM, 24 h; an end before the start
 * crosses midnight) in an IANA time zone, or `device`: each device's own Device.Time.LocalTimeZone
 * (a POSIX TZ string), with `fallbackTimeZone` for devices that report none.
 */
export interface ServiceWindow {
  readonly start: string;
  readonly end: string;
  readonly timeZone: string;
  readonly fallbackTimeZone?: string;
}

export interface CampaignPlan {
  readonly mode: CampaignMode;
  readonly canary?: CanaryPlan;
  readonly waves: WavePlan;
  /** A pause between two waves after the canary's soak (0 by default). */
  readonly waveSoakSeconds?: number;
  /** Most devices between their Download and their end (confirmed or failed) at once. */
  readonly maxInFlight: number;
  /** Most devices started in any minute. */
  readonly maxPerMinute: number;
  readonly window?: ServiceWindow;
  readonly stopRules: readonly StopRule[];
  /** ISO 8601: past it, the campaign pauses (reason `deadline`) with whatever is left. */
  readonly deadline?: string;
  /** Further Downloads after a failure that may pass (a network error, 9010), `backoffSeconds` doubling. */
  readonly retries: { readonly max: number; readonly backoffSeconds: number };
  /** From the Download to the confirmation: longer is an unconfirmed failure. */
  readonly confirmTimeoutSeconds: number;
  /**
   * For devices that never send TransferComplete: the new version after a boot confirms on its
   * own. Without it, a boot into the new version before TransferComplete still confirms (the
   * TransferComplete may come in that very session), but its absence is waited for.
   */
  readonly confirmByVersionOnly?: boolean;
}

export const PLAN_LIMITS = {
  maxWaves: 100,
  maxStopRules: 20,
  maxRatioWindow: 10_000,
  maxInFlight: 100_000,
  maxPerMinute: 100_000,
  maxSeconds: 366 * 24 * 3600,
  maxRetries: 10,
} as const;
