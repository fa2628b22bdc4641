import { describe, expect, it } from '@jest/globals';
import { DIAGNOSTIC_TYPES, type DataModelRoot } from '@acs/contracts';
import {
  bbfModelsPresent,
  readBbfModel,
  TR098_FULL,
  TR181_FULL,
  type BbfModel,
} from '@acs/testing';
import { diagnosticDefinition } from './definitions';

const UNSIGNED_INT_MAX = 4_294_967_295;

/**
 * Every name a diagnostic definition uses, and every limit it checks inputs against, as the BBF
 * model declares it: a misspelt parameter or a limit off by one shows here, not on a CPE.
 */
function mismatches(root: DataModelRoot, model: BbfModel): string[] {
  const problems: string[] = [];
  for (const type of DIAGNOSTIC_TYPES) {
    const definition = diagnosticDefinition(type, root);
    if (!definition) continue;
    const { object } = definition;
    if (!model.objects.has(object)) problems.push(`${type}: no object ${object}`);
    const state = model.parameters.get(`${object}DiagnosticsState`);
    if (!state?.writable) problems.push(`${type}: no writable DiagnosticsState`);
    else {
      if (!state.values.includes('Requested')) problems.push(`${type}: no Requested state`);
      if (definition.cancelable !== state.values.includes('Canceled'))
        problems.push(`${type}: cancelable ${definition.cancelable}, BBF states ${state.values}`);
    }
    for (const [field, input] of Object.entries(definition.inputs)) {
      const at = `${type}.${field} (${object}${input.parameter})`;
      const bbf = model.parameters.get(object + input.parameter);
      if (!bbf) {
        problems.push(`${at}: not in the model`);
        continue;
      }
      const expected = {
        writable: true,
        type: bbf.type,
        maxLength: bbf.maxLength,
        min: bbf.type.startsWith('unsigned') ? (bbf.min ?? 0) : undefined,
        max: bbf.type === 'unsignedInt' ? (bbf.max ?? UNSIGNED_INT_MAX) : bbf.max,
        values: bbf.values.length > 0 ? bbf.values : undefined,
        maxItems: bbf.list ? bbf.maxItems : undefined,
      };
      const actual = {
        writable: bbf.writable,
        type: input.type,
        maxLength: input.maxLength,
        min: input.type.startsWith('unsigned') ? (input.min ?? 0) : undefined,
        max: input.type === 'unsignedInt' ? (input.max ?? UNSIGNED_INT_MAX) : input.max,
        values: input.values ? [...input.values] : undefined,
        maxItems: input.maxItems,
      };
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        problems.push(`${at}: ${JSON.stringify(actual)}, BBF ${JSON.stringify(expected)}`);
    }
    for (const result of definition.results) {
      if (!model.parameters.has(object + result)) problems.push(`${type}: no ${object}${result}`);
    }
    for (const supported of definition.supportedBy) {
      if (!model.parameters.has(supported)) problems.push(`${type}: no ${supported}`);
    }
  }
  return problems;
}

const withBbf = bbfModelsPresent() ? describe : describe.skip;

withBbf(
  'diagnostic definitions against the BBF data models (skipped without shared/data/bbf)',
  () => {
    it('TR-181: every object, input, limit, result and *Supported parameter is the model’s', () => {
      expect(mismatches('Device.', readBbfModel(TR181_FULL))).toEqual([]);
    }, 30_000);

    it('TR-098: every object, input, limit and result is the model’s', () => {
      expect(mismatches('InternetGatewayDevice.', readBbfModel(TR098_FULL))).toEqual([]);
    }, 30_000);

    it('TR-098 has no UDP echo or server selection diagnostics, and the definitions none either', () => {
      const objects = [...readBbfModel(TR098_FULL).objects];
      expect(objects.filter((o) => /(UDPEcho|ServerSelection)Diagnostics\.$/.test(o))).toEqual([]);
      expect(diagnosticDefinition('udpEcho', 'InternetGatewayDevice.')).toBeUndefined();
      expect(diagnosticDefinition('serverSelection', 'InternetGatewayDevice.')).toBeUndefined();
    }, 30_000);

    it('TR-181 has every diagnostic', () => {
      const model = readBbfModel(TR181_FULL);
      for (const type of DIAGNOSTIC_TYPES) {
        expect(model.objects.has(diagnosticDefinition(type, 'Device.')?.object ?? '')).toBe(true);
      }
    }, 30_000);
  },
);
