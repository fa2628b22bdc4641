import type { Element } from 'libxmljs2';
import { DecodeError, DecodeResult, DOCUMENT_PATH, EncodeError, failed, ok } from '../errors';
import { readFault, writeFault } from '../messages/fault';
import { codecFor, CwmpMessage, isSentBy, Sender } from '../messages/registry';
import { DEFAULT_ENCODE_OPTIONS, EncodeOptions } from '../options';
import { DEFAULT_DECODE_LIMITS, DecodeLimits } from '../xml/limits';
import { elementChildren, namespaceOf, parseDocumentRoot, toPlainNode } from '../xml/document';
import { sanitizeXml } from '../xml/guard';
import { StructReader } from '../xml/reader';
import { readHeaderEntry, SoapHeader, writeHeader } from './header';
import { CwmpVersion, isCwmpNamespace, namespaceOfVersion, versionOfNamespace } from './versions';

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP_ENCODING_NS = 'http://schemas.xmlsoap.org/soap/encoding/';

export interface Envelope<M extends CwmpMessage = CwmpMessage> {
  /** The CWMP namespace URI exactly as the peer wrote it: answers use it byte for byte. */
  namespace: string;
  /** The version that namespace names; 1.3 and 1.4 are told apart by headers, not namespaces. */
  version: CwmpVersion;
  header: SoapHeader;
  message: M;
}

export interface DecodeOptions {
  /** Who sent the bytes: a message the other side never sends fails with WRONG_DIRECTION. */
  from?: Sender;
  /** Charset from the HTTP Content-Type, when it named one. */
  charset?: string;
  limits?: DecodeLimits;
}

/**
 * Decodes one SOAP envelope. Never throws: every failure, whatever its cause, is a DecodeError
 * that carries the cwmp:ID and namespace when they could be read, so a fault can answer it.
 */
export function decodeEnvelope(
  input: Buffer | string,
  options: DecodeOptions = {},
): DecodeResult<Envelope> {
  const limits = options.limits ?? DEFAULT_DECODE_LIMITS;
  const known: { id?: string; namespace?: string; method?: string } = {};
  try {
    const root = parseDocumentRoot(sanitizeXml(input, limits, options.charset));
    return ok(readEnvelope(root, options.from, known));
  } catch (error) {
    if (error instanceof DecodeError) return failed(error.withContext(known));
    const reason = error instanceof Error ? error.message : String(error);
    const path = known.method === undefined ? DOCUMENT_PATH : `Envelope/Body/${known.method}`;
    return failed(new DecodeError('INTERNAL', `decoder failure: ${reason}`, { ...known, path }));
  }
}

function readEnvelope(
  root: Element,
  from: Sender | undefined,
  known: { id?: string; namespace?: string; method?: string },
): Envelope {
  // Matched on local names: prefixes vary freely and some stacks bind odd envelope namespaces.
  if (root.name() !== 'Envelope') {
    throw new DecodeError('NOT_SOAP', `expected a SOAP Envelope, got element ${root.name()}`, {
      path: root.name(),
    });
  }
  let headerElement: Element | undefined;
  let bodyElement: Element | undefined;
  for (const child of elementChildren(root)) {
    if (child.name() === 'Header') headerElement = child;
    else if (child.name() === 'Body') bodyElement = child;
  }

  const header: SoapHeader = {};
  let headerNamespace = '';
  if (headerElement) {
    for (const entry of elementChildren(headerElement)) {
      const name = entry.name();
      readHeaderEntry(header, name, entry.text());
      if (name === 'ID') {
        headerNamespace = namespaceOf(entry);
        known.id = header.id as string;
      }
    }
  }
  if (!bodyElement)
    throw new DecodeError('NOT_SOAP', 'missing element Body', { path: 'Envelope/Body' });

  const method = elementChildren(bodyElement)[0];
  if (!method)
    throw new DecodeError('NO_METHOD', 'Body holds no message', { path: 'Envelope/Body' });
  const methodName = method.name();
  known.method = methodName;
  const namespace = cwmpNamespace(namespaceOf(method), headerNamespace, root);
  known.namespace = namespace;

  const path = `Envelope/Body/${methodName}`;
  const reader = new StructReader(toPlainNode(method), methodName);
  let message: CwmpMessage;
  if (methodName === 'Fault') {
    message = readFault(reader);
  } else {
    const codec = codecFor(methodName);
    if (!codec) throw new DecodeError('UNKNOWN_METHOD', `unknown method ${methodName}`, { path });
    message = codec.decode(reader) as CwmpMessage;
  }
  if (from && !isSentBy(from, message.type)) {
    throw new DecodeError(
      'WRONG_DIRECTION',
      `${methodName} is not a message a${from === 'acs' ? 'n ACS' : ' CPE'} sends`,
      { path },
    );
  }
  return { namespace, version: versionOfNamespace(namespace) ?? '1.0', header, message };
}

/**
 * The CWMP namespace of the envelope: the method's, else the cwmp:ID header's, else any CWMP
 * namespace declared on the Envelope (unqualified method elements), else CWMP 1.0's.
 */
function cwmpNamespace(methodNamespace: string, headerNamespace: string, root: Element): string {
  if (isCwmpNamespace(methodNamespace)) return methodNamespace;
  if (isCwmpNamespace(headerNamespace)) return headerNamespace;
  const declared = root.namespaces(true).find((ns) => isCwmpNamespace(ns.href()));
  return declared ? declared.href() : namespaceOfVersion('1.0');
}

export interface EncodableEnvelope<M extends CwmpMessage = CwmpMessage> {
  /** CWMP namespace to write; defaults to the standard one of `version` (or 1.0). */
  namespace?: string;
  version?: CwmpVersion;
  header?: SoapHeader;
  message: M;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Writes one SOAP envelope as UTF-8 text. Throws EncodeError for values CWMP cannot carry. */
export function encodeEnvelope(
  envelope: EncodableEnvelope,
  options: EncodeOptions = DEFAULT_ENCODE_OPTIONS,
): string {
  const namespace = envelope.namespace ?? namespaceOfVersion(envelope.version ?? '1.0');
  const message = envelope.message;
  let body: string;
  if (message.type === 'Fault') {
    body = writeFault(message);
  } else {
    const codec = codecFor(message.type);
    if (!codec) throw new EncodeError(`no codec for message ${message.type}`);
    const children = codec.encode(message, options);
    body =
      children === ''
        ? `<cwmp:${message.type}/>`
        : `<cwmp:${message.type}>${children}</cwmp:${message.type}>`;
  }
  return (
    `${XML_DECLARATION}<soap-env:Envelope xmlns:soap-env="${SOAP_ENVELOPE_NS}" xmlns:soap-enc="${SOAP_ENCODING_NS}"` +
    ` xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
    ` xmlns:cwmp="${namespace.replace(/"/g, '&quot;')}">` +
    `${writeHeader(envelope.header ?? {})}<soap-env:Body>${body}</soap-env:Body></soap-env:Envelope>`
  );
}
