import { DecodeError } from '../../errors';
import { EncodeOptions } from '../../options';
import { readTypedValue, writeTypedValue } from '../../values/typed-value';
import { ParameterValue, xsdTypeFromAttribute, xsiTypeName } from '../../values/xsd-types';
import { attribute, XmlNode } from '../../xml/node';
import { StructReader } from '../../xml/reader';
import { element, escapeXml, soapArray } from '../../xml/writer';

/**
 * ParameterValueStruct arrays are the bulk of CWMP traffic (Inform, GPV responses, SPV), so this
 * reader works on the nodes directly, reading each leaf once.
 * Quirks: a missing `Value` reads as an empty string; a `Value` without xsi:type reads as string;
 * names with a leading dot are reported as sent (the data-model layer normalizes paths).
 */
export function readParameterValueList(list: StructReader): ParameterValue[] {
  const items = list.node.children;
  const out: ParameterValue[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as XmlNode;
    let name: string | undefined;
    let valueNode: XmlNode | undefined;
    for (const field of item.children) {
      if (field.name === 'Name') name = field.text;
      else if (field.name === 'Value') valueNode = field;
    }
    if (name === undefined) {
      throw new DecodeError('MISSING_ELEMENT', 'missing element Name', {
        path: `${list.path}/${item.name}[${index}]/Name`,
      });
    }
    const typed = valueNode
      ? readTypedValue(xsdTypeFromAttribute(attribute(valueNode, 'type')), valueNode.text)
      : { type: 'string' as const, value: '' };
    out[index] = { name, ...typed };
  }
  return out;
}

export function writeParameterValueList(
  name: string,
  parameters: readonly ParameterValue[],
  options: EncodeOptions,
): string {
  return soapArray(
    name,
    'cwmp:ParameterValueStruct',
    parameters.map(
      (parameter) =>
        `<ParameterValueStruct>${element('Name', parameter.name)}<Value xsi:type="${xsiTypeName(parameter.type)}">${escapeXml(
          writeTypedValue(parameter, options),
        )}</Value></ParameterValueStruct>`,
    ),
  );
}
