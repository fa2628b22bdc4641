import {
  DIAGNOSTIC_TYPES,
  type DataModelRoot,
  type DiagnosticType,
  type StoredParameter,
} from '@acs/contracts';
import { diagnosticDefinition } from './definitions';

/**
 * Whether the device, as its stored tree shows it, can run `type`: its data model has the
 * diagnostic, the tree has the object, and the `*Supported` parameters (TR-181), or the transport
 * lists (TR-098 download and upload), do not say otherwise. Parameters not yet learned say nothing.
 */
export function deviceHasDiagnostic(
  type: DiagnosticType,
  root: DataModelRoot,
  parameters: Readonly<Record<string, StoredParameter>>,
): boolean {
  const definition = diagnosticDefinition(type, root);
  if (!definition) return false;
  const paths = Object.keys(parameters);
  if (!paths.some((path) => path.startsWith(definition.object))) return false;
  const reported = definition.supportedBy
    .map((path) => parameters[path]?.value)
    .filter((value) => value !== undefined && value !== null);
  return reported.length === 0 || reported.some(saysSupported);
}

/** Every diagnostic the device can run (see `deviceHasDiagnostic`). */
export function deviceDiagnostics(
  root: DataModelRoot,
  parameters: Readonly<Record<string, StoredParameter>>,
): DiagnosticType[] {
  return DIAGNOSTIC_TYPES.filter((type) => deviceHasDiagnostic(type, root, parameters));
}

/** A `*Supported` boolean that is true, or a transport list (`HTTP,FTP`) that is not empty. */
function saysSupported(value: string | number | boolean | null | undefined): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim();
  return text !== '' && text !== 'false' && text !== '0';
}
