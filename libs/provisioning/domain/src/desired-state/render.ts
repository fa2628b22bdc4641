import type { DesiredValue } from '@acs/contracts';
import type { DeviceView, MergedDesiredState, RenderedDesiredState } from './shapes';
import { isIdentityField, TEMPLATE, templateArgumentProblem, WHOLE_TEMPLATE } from './templates';
import { typedValue } from './values';

export interface RenderContext {
  device: DeviceView;
  /** The `data` of the device's subscriber record, when it has one. */
  subscriber?: Record<string, unknown>;
}

/**
 * Why a desired state cannot be used on this device. `template`: a template could not be filled;
 * `value`: a filled value does not fit the type its declaration gives (`abc` as unsignedInt).
 */
export interface RenderFault {
  code: 'template' | 'value';
  message: string;
  /** The declaration at fault: `parameter Device.WiFi.SSID.1.SSID`, `object Device.NAT.PortMapping. value Enable`. */
  item: string;
  source: string;
  /** The template that could not be filled, for `template` faults. */
  template?: string;
}

export type RenderResult =
  | { ok: true; value: RenderedDesiredState }
  | { ok: false; fault: RenderFault };

class TemplateError extends Error {
  constructor(
    readonly template: string,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Fills the templates in every string value of a merged state for one device:
 * `{{param:<path>}}`, `{{device:<field>}}`, `{{tag:<prefix>}}`, `{{subscriber:<dotted.path>}}`.
 * A string that is exactly one template takes the filled value with its own type (a number stays
 * a number); a template inside a longer string is spliced in as text. A template that cannot be
 * filled is a fault naming it and the declaration, never an empty value sent to the CPE.
 */
export function renderDesiredState(
  merged: MergedDesiredState,
  context: RenderContext,
): RenderResult {
  const fill = (value: DesiredValue, item: string, source: string): DesiredValue => {
    if (typeof value !== 'string' || !value.includes('{{')) return value;
    try {
      return fillTemplates(value, context);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      throw new RenderFailure({
        code: 'template',
        message: `${error.template} in ${item} (from ${source}): ${error.message}`,
        item,
        source,
        template: error.template,
      });
    }
  };
  const fillRecord = (
    record: Record<string, DesiredValue>,
    item: string,
    source: string,
  ): Record<string, DesiredValue> =>
    Object.fromEntries(
      Object.entries(record).map(([name, value]) => [name, fill(value, `${item} ${name}`, source)]),
    );

  try {
    const parameters = merged.parameters.map((parameter) => {
      const item = `parameter ${parameter.path}`;
      const value = fill(parameter.value, item, parameter.source);
      if (parameter.type && typedValue(parameter.path, value, parameter.type) === undefined)
        throw new RenderFailure({
          code: 'value',
          message: `${item} (from ${parameter.source}): ${JSON.stringify(value)} is not a valid ${parameter.type}`,
          item,
          source: parameter.source,
        });
      return { ...parameter, value };
    });
    const objects = merged.objects.map((object) => ({
      ...object,
      key: fillRecord(object.key, `object ${object.path} key`, object.source),
      ...(object.values
        ? { values: fillRecord(object.values, `object ${object.path} value`, object.source) }
        : {}),
    }));
    return { ok: true, value: { ...merged, parameters, objects, rendered: true } };
  } catch (error) {
    if (error instanceof RenderFailure) return { ok: false, fault: error.fault };
    throw error;
  }
}

class RenderFailure extends Error {
  constructor(readonly fault: RenderFault) {
    super(fault.message);
  }
}

function fillTemplates(text: string, context: RenderContext): DesiredValue {
  const whole = WHOLE_TEMPLATE.exec(text);
  if (whole) return resolve(whole[0], whole[1] ?? '', whole[2] ?? '', context);
  return text.replace(TEMPLATE, (template, kind: string, argument: string) =>
    String(resolve(template, kind, argument, context)),
  );
}

function resolve(
  template: string,
  kind: string,
  argument: string,
  context: RenderContext,
): DesiredValue {
  const malformed = templateArgumentProblem(kind, argument);
  if (malformed) throw new TemplateError(template, malformed);
  switch (kind) {
    case 'param': {
      const known = context.device.parameters[argument];
      if (!known || known.object)
        throw new TemplateError(template, 'the device has no such parameter');
      if (known.value === undefined || known.value === null)
        throw new TemplateError(template, 'the parameter value is not known');
      return known.value;
    }
    case 'device': {
      // Never false here (templateArgumentProblem checked it); it narrows the type.
      if (!isIdentityField(argument)) throw new TemplateError(template, 'unknown device field');
      const value = context.device[argument];
      if (value === '') throw new TemplateError(template, `the device reported no ${argument}`);
      return value;
    }
    case 'tag': {
      const tag = context.device.tags.find((candidate) => candidate.startsWith(argument));
      if (tag === undefined) throw new TemplateError(template, `no tag starts with '${argument}'`);
      if (tag.length === argument.length)
        throw new TemplateError(template, `tag '${tag}' has nothing after the prefix`);
      return tag.slice(argument.length);
    }
    case 'subscriber': {
      if (!context.subscriber)
        throw new TemplateError(template, 'the device has no subscriber record');
      const value = fieldAt(context.subscriber, argument);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        return value;
      throw new TemplateError(
        template,
        value === undefined || value === null
          ? 'the subscriber data has no such field'
          : 'the subscriber field is not a string, number or boolean',
      );
    }
    default:
      throw new TemplateError(template, `unknown template kind '${kind}'`);
  }
}

function fieldAt(data: Record<string, unknown>, dottedPath: string): unknown {
  let current: unknown = data;
  for (const name of dottedPath.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, name)) return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}
