import type { AcsRequest, XsdType } from '@acs/cwmp-codec';
import type { DataModelRoot, StoredParameter } from '@acs/inventory-domain';

/**
 * The shapes this engine reads, mirrored from `@acs/contracts` (configurations) and
 * `@acs/device-store` (stored devices): a `type:domain` library may import neither. The
 * provisioning feature passes contract objects and stored devices in, so TypeScript checks
 * there, field by field, that these mirrors still fit.
 */

export type DesiredValue = string | number | boolean;

// ---- input: configurations (contracts: libs/contracts/src/provisioning/configuration.ts) ----

export interface DesiredParameter {
  path: string;
  value: DesiredValue;
  type?: XsdType;
}

export interface DesiredObject {
  /** The multi-instance object, ending with a dot: `Device.NAT.PortMapping.`. */
  path: string;
  /** Relative names and values identifying the instances meant (`{ ExternalPort: 8080 }`). */
  key: Record<string, DesiredValue>;
  values?: Record<string, DesiredValue>;
  ensure?: 'present' | 'absent';
  create?: boolean;
}

export interface RefreshPolicy {
  path: string;
  maxAgeSeconds: number;
}

export interface DesiredNotification {
  path: string;
  notification: 0 | 1 | 2;
}

/** A one-off action as configured; its payload is passed through to the task untouched. */
export interface OneOffAction {
  id: string;
  type: string;
  payload?: unknown;
}

export interface DesiredConfiguration {
  parameters?: DesiredParameter[];
  objects?: DesiredObject[];
  removeUndeclared?: string[];
  refresh?: RefreshPolicy[];
  notifications?: DesiredNotification[];
  tags?: { add?: string[]; remove?: string[] };
  actions?: OneOffAction[];
}

export interface AppliedConfiguration {
  configuration: DesiredConfiguration;
  /** Where two configurations declare the same thing, the higher precedence wins. */
  precedence: number;
  /** Names where the declaration comes from (a preset, a subscriber profile): in faults and keys. */
  source: string;
}

// ---- input: what is known of the device (device-store: StoredDevice fits) ----

/** A parameter as inventory stores it; its path is the key it is kept under. */
export type ViewParameter = Omit<StoredParameter, 'path'> & { path?: string };

export interface DeviceView {
  deviceId: string;
  oui: string;
  productClass: string;
  serialNumber: string;
  manufacturer: string;
  tags: string[];
  dataModelRoot: DataModelRoot | null;
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
