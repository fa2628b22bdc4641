import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Element, parseXml } from 'libxmljs2';

/**
 * The BBF data models in the steering repo's shared/data/bbf (not part of this repository):
 * specs that prove names and limits against them skip when it is absent.
 */
export const BBF_DIR = join(import.meta.dirname, '../../../../shared/data/bbf');
export const TR181_FULL = join(BBF_DIR, 'tr-181-2-17-0-cwmp-full.xml');
export const TR098_FULL = join(BBF_DIR, 'tr-098-1-8-0-full.xml');
export const bbfModelsPresent = (): boolean => existsSync(TR181_FULL) && existsSync(TR098_FULL);

/** A parameter of a BBF data model, as its syntax declares it (data types followed to the base). */
export interface BbfParameter {
  writable: boolean;
  /** The xsd primitive (`string`, `unsignedInt`, ...), `unknown` when none is declared. */
  type: string;
  list: boolean;
  maxItems?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  /** Enumerated values, when the syntax lists any. */
  values: string[];
}

export interface BbfModel {
  /** By template path: `Device.IP.Diagnostics.TraceRoute.RouteHops.{i}.Host`. */
  parameters: Map<string, BbfParameter>;
  /** Object template paths with their trailing dot. */
  objects: Set<string>;
  /** Multi-instance objects the ACS may add to, without `{i}.`. */
  writableTables: Set<string>;
}

/** The BBF syntax elements that name a primitive type (TR-106). */
const PRIMITIVES = new Set([
  'base64',
  'boolean',
  'dateTime',
  'decimal',
  'hexBinary',
  'int',
  'long',
  'string',
  'unsignedInt',
  'unsignedLong',
]);
const cache = new Map<string, BbfModel>();

const children = (element: Element) =>
  element.childNodes().filter((node): node is Element => node.type() === 'element');
const attr = (element: Element, name: string) => element.attr(name)?.value();
const numberAttr = (element: Element, name: string) => {
  const value = attr(element, name);
  return value === undefined ? undefined : Number(value);
};

/** Reads (once per file and run) a BBF full data-model document. */
export function readBbfModel(file: string): BbfModel {
  const cached = cache.get(file);
  if (cached) return cached;
  const document = parseXml(readFileSync(file, 'utf8'), { huge: true, nonet: true });
  const root = document.root() as Element;
  const dataTypes = new Map<string, Element>();
  for (const element of children(root)) {
    if (element.name() === 'dataType') dataTypes.set(attr(element, 'name') ?? '', element);
  }
  const model: BbfModel = { parameters: new Map(), objects: new Set(), writableTables: new Set() };
  const modelElement = children(root).find((element) => element.name() === 'model') as Element;
  for (const object of children(modelElement)) {
    if (object.name() !== 'object') continue;
    const objectName = attr(object, 'name') ?? '';
    model.objects.add(objectName);
    if (objectName.endsWith('{i}.') && attr(object, 'access') === 'readWrite') {
      model.writableTables.add(objectName.slice(0, -'{i}.'.length));
    }
    for (const parameter of children(object)) {
      if (parameter.name() !== 'parameter') continue;
      const syntax = children(parameter).find((element) => element.name() === 'syntax');
      const described: BbfParameter = {
        // writeOnceReadOnly (Alias) is writable in CWMP terms: the ACS may set it.
        writable: (attr(parameter, 'access') ?? 'readOnly') !== 'readOnly',
        type: 'unknown',
        list: false,
        values: [],
      };
      if (syntax) describeSyntax(syntax, dataTypes, described);
      model.parameters.set(objectName + (attr(parameter, 'name') ?? ''), described);
    }
  }
  cache.set(file, model);
  return model;
}

/** Fills the type and facets from a syntax or dataType element, the nearest declaration winning. */
function describeSyntax(
  element: Element,
  dataTypes: ReadonlyMap<string, Element>,
  into: BbfParameter,
): void {
  for (const child of children(element)) {
    const name = child.name();
    if (name === 'list') {
      into.list = true;
      into.maxItems ??= numberAttr(child, 'maxItems');
    } else if (PRIMITIVES.has(name) || name === 'dataType') {
      if (PRIMITIVES.has(name) && into.type === 'unknown') into.type = name;
      describeFacets(child, into);
      const ref = attr(child, 'ref') ?? attr(child, 'base');
      const definition = ref ? dataTypes.get(ref) : undefined;
      if (definition) describeSyntax(definition, dataTypes, into);
    }
  }
  const base = attr(element, 'base');
  const definition = base ? dataTypes.get(base) : undefined;
  if (definition) describeSyntax(definition, dataTypes, into);
}

function describeFacets(element: Element, into: BbfParameter): void {
  const values: string[] = [];
  for (const facet of children(element)) {
    if (facet.name() === 'size') into.maxLength ??= numberAttr(facet, 'maxLength');
    if (facet.name() === 'range') {
      into.min ??= numberAttr(facet, 'minInclusive');
      into.max ??= numberAttr(facet, 'maxInclusive');
    }
    if (facet.name() === 'enumeration') values.push(attr(facet, 'value') ?? '');
  }
  if (into.values.length === 0) into.values = values;
}
