import type { XsdType } from '@acs/cwmp-codec';

/** A parameter value as the simulator keeps it: 64-bit integers and dateTimes as strings. */
export type RawValue = string | number | boolean;

/** What a default value may depend on: the device's identity and the instance numbers on its path. */
export interface ValueContext {
  serial: string;
  /** Ordinal of the device in its simulator (0-based): addresses and MACs are derived from it. */
  ordinal: number;
  /** Instance numbers of the multi-instance objects on the path, outermost first. */
  instances: readonly number[];
}

export type DefaultValue = RawValue | ((context: ValueContext) => RawValue);

export interface ParamNode {
  kind: 'param';
  name: string;
  type: XsdType;
  writable: boolean;
  default: DefaultValue;
  /** Allowed values of a string parameter (an enumeration in the data model). */
  enumeration?: readonly string[];
  /** Inclusive bounds of an integer parameter. */
  range?: readonly [number, number];
  maxLength?: number;
  /** Notification the CPE enforces (TR-069 "forced active notification", e.g. SoftwareVersion). */
  forcedNotification?: number;
}

export interface ObjectNode {
  kind: 'object';
  name: string;
  /** A multi-instance table (`Device.WiFi.SSID.`); its instances are `{i}` in template paths. */
  table: boolean;
  /** For a table: the ACS may AddObject/DeleteObject on it. */
  writable: boolean;
  children: SchemaNode[];
}

export type SchemaNode = ParamNode | ObjectNode;

interface ParamOptions {
  writable?: boolean;
  enumeration?: readonly string[];
  range?: readonly [number, number];
  maxLength?: number;
  forcedNotification?: number;
}

/** A read-only parameter. */
export function param(
  name: string,
  type: XsdType,
  value: DefaultValue,
  options: ParamOptions = {},
): ParamNode {
  return { kind: 'param', name, type, writable: false, default: value, ...options };
}

/** A writable parameter. */
export function writable(
  name: string,
  type: XsdType,
  value: DefaultValue,
  options: ParamOptions = {},
): ParamNode {
  return param(name, type, value, { ...options, writable: true });
}

export function object(name: string, children: SchemaNode[]): ObjectNode {
  return { kind: 'object', name, table: false, writable: false, children };
}

/** A multi-instance object; `writable` means the ACS may add and delete instances. */
export function table(name: string, children: SchemaNode[], writableTable = false): ObjectNode {
  return { kind: 'object', name, table: true, writable: writableTable, children };
}

/** A multi-instance object the ACS may add instances to and delete them from. */
export function writableTable(name: string, children: SchemaNode[]): ObjectNode {
  return table(name, children, true);
}
