import type { DataModelRoot, DiagnosticRequest } from '@acs/contracts';
import { diagnosticDefinition, type InputParameter } from './definitions';

/** A value of the SetParameterValues that starts (or cancels) a diagnostic, with its xsd type. */
export interface DiagnosticSetValue {
  name: string;
  value: string | number;
  type: 'string' | 'unsignedInt' | 'unsignedLong';
}

const MODEL_NAMES: Record<DataModelRoot, string> = {
  'Device.': 'TR-181',
  'InternetGatewayDevice.': 'TR-098',
};

/**
 * What the public schema cannot say of a request for a device of `root`: inputs its model lacks
 * (TR-098 has no ProtocolVersion) or limits it draws tighter (TR-098's 256-character URLs).
 * Errors name the field as the schema's do (`/inputs/url: ...`); none when the request is sound.
 * A diagnostic the model lacks altogether is not a problem of the inputs: `diagnosticDefinition`.
 */
export function diagnosticInputProblems(request: DiagnosticRequest, root: DataModelRoot): string[] {
  const definition = diagnosticDefinition(request.type, root);
  if (!definition) return [];
  const problems: string[] = [];
  for (const [field, value] of Object.entries(request.inputs)) {
    if (value === undefined) continue;
    const input = definition.inputs[field];
    const at = `/inputs/${field}`;
    if (!input) {
      problems.push(`${at}: not in the ${MODEL_NAMES[root]} data model`);
      continue;
    }
    problems.push(...limitProblems(input, value as unknown, at, MODEL_NAMES[root]));
  }
  return problems;
}

function limitProblems(input: InputParameter, value: unknown, at: string, model: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  const problems: string[] = [];
  if (input.maxItems !== undefined && items.length > input.maxItems)
    problems.push(`${at}: at most ${input.maxItems} items in the ${model} data model`);
  for (const item of items) {
    if (typeof item === 'string') {
      if (input.maxLength !== undefined && item.length > input.maxLength)
        problems.push(`${at}: at most ${input.maxLength} characters in the ${model} data model`);
      if (input.values && !input.values.includes(item))
        problems.push(`${at}: one of ${input.values.join(', ')} in the ${model} data model`);
    } else if (typeof item === 'number') {
      const max = input.max ?? (input.type === 'unsignedInt' ? 4_294_967_295 : undefined);
      if (input.min !== undefined && item < input.min)
        problems.push(`${at}: at least ${input.min} in the ${model} data model`);
      if (max !== undefined && item > max)
        problems.push(`${at}: at most ${max} in the ${model} data model`);
    }
  }
  return problems;
}

/**
 * The SetParameterValues values that request the diagnostic: its inputs, then
 * DiagnosticsState=Requested (TR-181 and TR-098 both start the test on that value, after the
 * session ends). Throws for a diagnostic the device's model lacks: check `diagnosticDefinition`.
 */
export function diagnosticRequestValues(
  request: DiagnosticRequest,
  root: DataModelRoot,
): DiagnosticSetValue[] {
  const definition = diagnosticDefinition(request.type, root);
  if (!definition) throw new RangeError(`${request.type} is not in the ${MODEL_NAMES[root]} model`);
  const values: DiagnosticSetValue[] = [];
  for (const [field, value] of Object.entries(request.inputs)) {
    const input = definition.inputs[field];
    if (!input || value === undefined) continue;
    values.push({
      name: definition.object + input.parameter,
      value: Array.isArray(value) ? value.join(',') : (value as string | number),
      type: input.type,
    });
  }
  values.push(stateValue(definition.object, 'Requested'));
  return values;
}

/**
 * The SetParameterValues that stops a running diagnostic (DiagnosticsState=Canceled), or null
 * where the model has no such state (TR-098): the run is then dropped and the device's answer,
 * when it comes, ignored.
 */
export function diagnosticCancelValues(
  type: DiagnosticRequest['type'],
  root: DataModelRoot,
): DiagnosticSetValue[] | null {
  const definition = diagnosticDefinition(type, root);
  return definition?.cancelable ? [stateValue(definition.object, 'Canceled')] : null;
}

/**
 * What to read back once the device reports 8 DIAGNOSTICS COMPLETE: the diagnostic's object as a
 * partial path, which brings its state, results and (trace route, NS lookup) result tables.
 */
export function diagnosticReadPaths(
  type: DiagnosticRequest['type'],
  root: DataModelRoot,
): string[] {
  const definition = diagnosticDefinition(type, root);
  return definition ? [definition.object] : [];
}

function stateValue(object: string, state: string): DiagnosticSetValue {
  return { name: `${object}DiagnosticsState`, value: state, type: 'string' };
}
