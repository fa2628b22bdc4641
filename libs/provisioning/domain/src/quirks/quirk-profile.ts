import type { EncodeOptions } from '@acs/cwmp-codec';

/**
 * What provisioning does differently for a device class. Only behaviour provisioning can act on
 * lives here; how messages are written is `EncodeOptions` (the codec's), how the gateway speaks
 * HTTP is the gateway's configuration.
 */
export interface QuirkBehaviour {
  /** Most parameter names asked for in one GetParameterValues (big answers time out on some CPEs). */
  gpvBatchSize: number;
  /** Most parameters set in one SetParameterValues. */
  spvBatchSize: number;
  /** False: never send GetParameterNames on the data-model root (some CPEs hang or reboot on it). */
  gpnOnRoot: boolean;
  /**
   * False: the CPE does not answer GetParameterValues of a partial path (`Device.WiFi.`), so a
   * subtree is read by GetParameterNames first, then its parameters by name.
   */
  partialPathGpv: boolean;
  /**
   * True: the platform leaves the device's ConnectionRequestUsername/Password as they are (their
   * values are known some other way) instead of setting unique ones at first contact.
   */
  ownConnectionRequestCredentials: boolean;
}

/** What TR-069 allows every CPE to do; batch sizes kept small enough for modest CPEs. */
export const DEFAULT_QUIRK_BEHAVIOUR: Readonly<QuirkBehaviour> = Object.freeze({
  gpvBatchSize: 64,
  spvBatchSize: 32,
  gpnOnRoot: true,
  partialPathGpv: true,
  ownConnectionRequestCredentials: false,
});

/** Which devices a profile applies to: every given criterion must hold. */
export interface QuirkMatch {
  /** Any of these OUIs (compared case-insensitively). */
  oui?: string[];
  /** Any of these product classes, exact or with `*` wildcards (`HG8*`). */
  productClass?: string[];
  /** A software version pattern with `*` wildcards (`3.1.*`); a device reporting none never matches. */
  softwareVersion?: string;
}

export interface QuirkProfile {
  id: string;
  description: string;
  match: QuirkMatch;
  encode?: Partial<EncodeOptions>;
  behaviour?: Partial<QuirkBehaviour>;
}

export interface DeviceClassIdentity {
  oui: string;
  productClass: string;
  softwareVersion?: string;
}

export interface ResolvedQuirks {
  encode: EncodeOptions;
  behaviour: QuirkBehaviour;
  /** Ids of the profiles that matched, in the order they were applied. */
  matched: string[];
}
