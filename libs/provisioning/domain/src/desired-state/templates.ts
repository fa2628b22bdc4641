import type { DesiredValue } from '@acs/contracts';
import type { DesiredConfiguration } from './shapes';

/**
 * The template syntax of configuration values, in one place: the renderer fills templates with
 * it, and a configuration is checked against it when it is stored, so that a guess at the syntax
 * (`{{serialNumber}}`) is refused there instead of being written literally into every device.
 */

export const TEMPLATE = /\{\{\s*([A-Za-z]+)\s*:\s*([^}]*?)\s*\}\}/g;
export const WHOLE_TEMPLATE = /^\{\{\s*([A-Za-z]+)\s*:\s*([^}]*?)\s*\}\}$/;

export const IDENTITY_FIELDS = [
  'deviceId',
  'oui',
  'productClass',
  'serialNumber',
  'manufacturer',
] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export function isIdentityField(name: string): name is IdentityField {
  return (IDENTITY_FIELDS as readonly string[]).includes(name);
}

const KINDS = ['param', 'device', 'tag', 'subscriber'] as const;

/** The valid forms, as refusals quote them. */
export const TEMPLATE_FORMS =
  `{{param:<parameter path>}}, {{device:<${IDENTITY_FIELDS.join('|')}>}}, ` +
  '{{tag:<prefix>}}, {{subscriber:<dotted.path>}}';

const PARAMETER_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * Why `{{kind:argument}}` can never be filled, on any device; null when it may be. What depends
 * on the device (the parameter, the tag, the subscriber field) is the renderer's to judge.
 */
export function templateArgumentProblem(kind: string, argument: string): string | null {
  if (!(KINDS as readonly string[]).includes(kind))
    return `unknown template kind '${kind}' (${KINDS.join(', ')})`;
  if (argument === '') return 'nothing named after the colon';
  if (kind === 'device' && !isIdentityField(argument))
    return `unknown device field (one of ${IDENTITY_FIELDS.join(', ')})`;
  if (kind === 'param' && !PARAMETER_NAME.test(argument))
    return 'not the path of one parameter (no trailing dot, no spaces)';
  return null;
}

export interface TemplateProblem {
  /** The offending text, from its `{{` to its `}}` (or a bounded excerpt when none closes it). */
  template: string;
  reason: string;
}

const EXCERPT = 64;

/** The first `{{` in `text` that does not open a valid template, or null. */
export function templateProblem(text: string): TemplateProblem | null {
  if (!text.includes('{{')) return null;
  for (const [template, kind = '', argument = ''] of text.matchAll(TEMPLATE)) {
    const reason = templateArgumentProblem(kind, argument);
    if (reason) return { template, reason };
  }
  // What the renderer would leave as it is: a NUL in each template's place, so that text around
  // two templates cannot join into a new `{{`.
  const rest = text.replace(TEMPLATE, '\u0000');
  const at = rest.indexOf('{{');
  if (at === -1) return null;
  const end = rest.indexOf('}}', at);
  if (end === -1) return { template: rest.slice(at, at + EXCERPT), reason: 'no closing }}' };
  return {
    template: rest.slice(at, Math.min(end + 2, at + EXCERPT)),
    reason: 'not of the form {{kind:argument}}',
  };
}

export interface ConfigurationTemplateProblem extends TemplateProblem {
  /** Where in the configuration body: `parameters[0].value`, `objects[1].key.SSID`. */
  field: string;
}

/** The first value of a configuration holding a `{{` that is not a valid template, or null. */
export function configurationTemplateProblem(
  configuration: Pick<DesiredConfiguration, 'parameters' | 'objects'>,
): ConfigurationTemplateProblem | null {
  const values: [string, DesiredValue][] = [];
  (configuration.parameters ?? []).forEach((parameter, index) =>
    values.push([`parameters[${index}].value`, parameter.value]),
  );
  (configuration.objects ?? []).forEach((object, index) => {
    for (const [name, value] of Object.entries(object.key))
      values.push([`objects[${index}].key.${name}`, value]);
    for (const [name, value] of Object.entries(object.values ?? {}))
      values.push([`objects[${index}].values.${name}`, value]);
  });
  for (const [field, value] of values) {
    if (typeof value !== 'string') continue;
    const problem = templateProblem(value);
    if (problem) return { field, ...problem };
  }
  return null;
}
