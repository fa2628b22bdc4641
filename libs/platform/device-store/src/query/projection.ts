/**
 * Projections and subtree selection: which summary fields and which parameters a read returns.
 */
import { ProjectedDevice, StoredDevice, StoredParameter } from '../device-store';
import { inSubtree, PARAMETERS_FIELD, subtreeBase } from './fields';

export interface ProjectionSpec {
  /** Summary fields to return; null: all of them. */
  fields: ReadonlySet<string> | null;
  /** Subtree bases of the parameters to return; null: all; empty: none. */
  parameters: readonly string[] | null;
}

export const WHOLE_DEVICE: ProjectionSpec = { fields: null, parameters: null };

/** From a validated projection list. */
export function compileProjection(projection: readonly string[] | undefined): ProjectionSpec {
  if (projection === undefined) return WHOLE_DEVICE;
  const fields = new Set<string>(['deviceId']);
  const bases = new Set<string>();
  let allParameters = false;
  for (const entry of projection) {
    if (entry === PARAMETERS_FIELD) allParameters = true;
    else if (entry.startsWith(`${PARAMETERS_FIELD}.`)) {
      bases.add(subtreeBase(entry.slice(PARAMETERS_FIELD.length + 1)));
    } else fields.add(entry);
  }
  if (allParameters) return { fields, parameters: null };
  return { fields, parameters: [...bases] };
}

export function selectsParameter(spec: ProjectionSpec, path: string): boolean {
  return spec.parameters === null || spec.parameters.some((base) => inSubtree(path, base));
}

/** Whether the projection returns a `parameters` field at all. */
export function returnsParameters(spec: ProjectionSpec): boolean {
  return spec.fields === null || spec.parameters === null || spec.parameters.length > 0;
}

/** Shapes a loaded device (its parameters already limited to the projection) for output. */
export function project(device: StoredDevice, spec: ProjectionSpec): ProjectedDevice {
  if (spec.fields === null) return device;
  const out: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const value = (device as unknown as Record<string, unknown>)[field];
    if (value !== undefined) out[field] = value;
  }
  if (returnsParameters(spec)) out[PARAMETERS_FIELD] = device.parameters;
  return out as ProjectedDevice;
}

/** Keyed by path, in path order (the order every adapter returns). */
export function parameterRecord(
  parameters: Iterable<StoredParameter>,
): Record<string, StoredParameter> {
  const sorted = [...parameters].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // fromEntries defines own properties, even for a path a CPE might name `__proto__`.
  return Object.fromEntries(sorted.map((parameter) => [parameter.path, parameter]));
}
