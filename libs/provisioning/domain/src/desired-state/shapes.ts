import type {
  ConfigurationBody,
  DesiredNotification,
  DesiredObject,
  DesiredParameter,
  OneOffAction,
  RefreshPolicy,
  StoredDevice,
  StoredParameter,
} from '@acs/contracts';
import type { AcsRequest } from '@acs/cwmp-codec';

/**
 * The desired-state engine's own shapes. What it reads comes from `@acs/contracts`: the
 * configurations operators declare (validated where they enter) and the device model inventory
 * keeps.
 */

// ---- input: configurations ----

/** What a configuration declares: its body without the name and description. */
export type DesiredConfiguration = Omit<ConfigurationBody, 'name' | 'description'>;

export interface AppliedConfiguration {
  configuration: DesiredConfiguration;
  /** Where two configurations declare the same thing, the higher precedence wins. */
  precedence: number;
  /** Names where the declaration comes from (a preset, a subscriber profile): in faults and keys. */
  source: string;
}

// ---- input: what is known of the device (a StoredDevice is one) ----

/** A parameter as inventory stores it; its path is the key it is kept under. */
export type ViewParameter = Omit<StoredParameter, 'path'> & { path?: string };

export interface DeviceView
  extends Pick<
    StoredDevice,
    'deviceId' | 'oui' | 'productClass' | 'serialNumber' | 'manufacturer' | 'tags' | 'dataModelRoot'
  > {
  /** Keyed by full path; objects end with a dot. */
  parameters: Record<string, ViewParameter>;
}

// ---- merged and rendered desired state ----

/** Every merged item remembers where it came from and how strongly it was meant. */
export interface Origin {
  source: string;
  precedence: number;
}

export interface MergedDesiredState {
  parameters: (DesiredParameter & Origin)[];
  objects: (DesiredObject & Origin)[];
  removeUndeclared: ({ path: string } & Origin)[];
  refresh: (RefreshPolicy & Origin)[];
  notifications: (DesiredNotification & Origin)[];
  tags: { add: string[]; remove: string[] };
  actions: ({ action: OneOffAction } & Origin)[];
}

/**
 * A merged state whose templates are all filled for one device. The brand keeps a state with
 * unfilled templates from reaching the convergence step.
 */
export interface RenderedDesiredState extends MergedDesiredState {
  readonly rendered: true;
}

// ---- output ----

export type ConvergenceStep =
  | { kind: 'rpc'; request: AcsRequest; purpose: string }
  | { kind: 'converged' };
