import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Element, parseXml } from 'libxmljs2';
import { XSD_TYPES } from '@acs/cwmp-codec';
import { Profile } from '../model/profile';
import { TR098_INTERNET_GATEWAY } from './tr098';
import { TR181_HOME_GATEWAY } from './tr181';

const BBF_DIR = join(import.meta.dirname, '../../../../../../shared/data/bbf');
const PRIMITIVES = new Set<string>(XSD_TYPES);

interface BbfParameter {
  writable: boolean;
  type: string;
}

/** Parameters of a BBF full data-model document, by template path, with access and primitive type. */
function readBbfModel(file: string): {
  parameters: Map<string, BbfParameter>;
  writableTables: Set<string>;
} {
  const document = parseXml(readFileSync(file, 'utf8'), { huge: true, nonet: true });
  const root = document.root() as Element;
  const local = (element: Element) => element.name();
  const children = (element: Element) =>
    element.childNodes().filter((node): node is Element => node.type() === 'element');

  const dataTypes = new Map<string, Element>();
  for (const element of children(root)) {
    if (local(element) === 'dataType') dataTypes.set(element.attr('name')?.value() ?? '', element);
  }
  const primitiveOf = (element: Element): string => {
    for (const child of children(element)) {
      if (PRIMITIVES.has(local(child))) return local(child);
      if (local(child) === 'dataType') {
        const ref = child.attr('ref')?.value() ?? child.attr('base')?.value() ?? '';
        const definition = dataTypes.get(ref);
        if (definition) return primitiveOf(definition);
      }
    }
    const base = element.attr('base')?.value();
    const definition = base ? dataTypes.get(base) : undefined;
    return definition ? primitiveOf(definition) : 'unknown';
  };

  const parameters = new Map<string, BbfParameter>();
  const writableTables = new Set<string>();
  const model = children(root).find((element) => local(element) === 'model') as Element;
  for (const object of children(model)) {
    if (local(object) !== 'object') continue;
    const objectName = object.attr('name')?.value() ?? '';
    if (objectName.endsWith('{i}.') && object.attr('access')?.value() === 'readWrite') {
      writableTables.add(objectName.slice(0, -'{i}.'.length));
    }
    for (const parameter of children(object)) {
      if (local(parameter) !== 'parameter') continue;
      const syntax = children(parameter).find((element) => local(element) === 'syntax');
      parameters.set(objectName + (parameter.attr('name')?.value() ?? ''), {
        // writeOnceReadOnly (Alias) is writable in CWMP terms: the ACS may set it.
        writable: (parameter.attr('access')?.value() ?? 'readOnly') !== 'readOnly',
        type: syntax ? primitiveOf(syntax) : 'unknown',
      });
    }
  }
  return { parameters, writableTables };
}

function mismatches(profile: Profile, file: string): string[] {
  const bbf = readBbfModel(file);
  const problems: string[] = [];
  for (const [path, entry] of profile.index) {
    if (entry.role === 'table' && entry.node.writable !== bbf.writableTables.has(path)) {
      problems.push(`${path}: table writable ${entry.node.writable}, BBF ${!entry.node.writable}`);
    }
    if (entry.role !== 'param') continue;
    const expected = bbf.parameters.get(path);
    if (!expected) problems.push(`${path}: not in the BBF model`);
    else if (expected.writable !== entry.node.writable)
      problems.push(`${path}: writable ${entry.node.writable}, BBF ${expected.writable}`);
    else if (expected.type !== entry.node.type)
      problems.push(`${path}: type ${entry.node.type}, BBF ${expected.type}`);
  }
  return problems;
}

const withBbf = existsSync(BBF_DIR) ? describe : describe.skip;

withBbf('profiles against the BBF data models (skipped without shared/data/bbf)', () => {
  it('TR-181 home gateway: every parameter exists with the BBF access and type', () => {
    expect(mismatches(TR181_HOME_GATEWAY, join(BBF_DIR, 'tr-181-2-17-0-cwmp-full.xml'))).toEqual(
      [],
    );
  }, 30_000);

  it('TR-098 InternetGatewayDevice: every parameter exists with the BBF access and type', () => {
    expect(mismatches(TR098_INTERNET_GATEWAY, join(BBF_DIR, 'tr-098-1-8-0-full.xml'))).toEqual([]);
  }, 30_000);
});
