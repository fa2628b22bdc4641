import { DecodeError } from '../errors';
import { readBoolean, readInteger } from '../values/typed-value';
import { element, escapeXml } from '../xml/writer';
import { parseVersionList } from './negotiation';

export interface SoapHeader {
  /** cwmp:ID, an opaque string echoed unchanged (seen: empty, `inform`, `SAGEM_ID_7589`). */
  id?: string;
  holdRequests?: boolean;
  /** Deprecated since CWMP 1.1; read and ignored by the ACS. */
  noMoreRequests?: boolean;
  /** Seconds of silence after which the session may be ended (CWMP 1.3). */
  sessionTimeout?: number;
  /** CWMP 1.4: versions the CPE supports, as listed. */
  supportedCwmpVersions?: string[];
  /** CWMP 1.4: the version the ACS chose. */
  useCwmpVersion?: string;
}

/** Reads one header element by local name; unknown headers are ignored. */
export function readHeaderEntry(header: SoapHeader, name: string, text: string): void {
  switch (name) {
    case 'ID':
      header.id = text;
      return;
    case 'HoldRequests':
      header.holdRequests = readBoolean(text) ?? false;
      return;
    case 'NoMoreRequests':
      header.noMoreRequests = readBoolean(text) ?? false;
      return;
    case 'SessionTimeout': {
      const seconds = readInteger(text);
      if (seconds === undefined || seconds < 0) {
        throw new DecodeError(
          'INVALID_VALUE',
          `expected an unsignedInt, got "${text.slice(0, 32)}"`,
          {
            path: 'Envelope/Header/SessionTimeout',
          },
        );
      }
      header.sessionTimeout = seconds;
      return;
    }
    case 'SupportedCWMPVersions':
      header.supportedCwmpVersions = parseVersionList(text);
      return;
    case 'UseCWMPVersion':
      header.useCwmpVersion = text.trim();
      return;
  }
}

export function writeHeader(header: SoapHeader): string {
  let out = '';
  if (header.id !== undefined)
    out += `<cwmp:ID soap-env:mustUnderstand="1">${escapeXml(header.id)}</cwmp:ID>`;
  if (header.holdRequests !== undefined) {
    out += `<cwmp:HoldRequests soap-env:mustUnderstand="1">${header.holdRequests ? 'true' : 'false'}</cwmp:HoldRequests>`;
  }
  if (header.noMoreRequests !== undefined)
    out += element('cwmp:NoMoreRequests', header.noMoreRequests ? '1' : '0');
  if (header.sessionTimeout !== undefined) {
    out += `<cwmp:SessionTimeout soap-env:mustUnderstand="0">${header.sessionTimeout}</cwmp:SessionTimeout>`;
  }
  if (header.supportedCwmpVersions !== undefined) {
    out += `<cwmp:SupportedCWMPVersions soap-env:mustUnderstand="0">${escapeXml(header.supportedCwmpVersions.join(','))}</cwmp:SupportedCWMPVersions>`;
  }
  if (header.useCwmpVersion !== undefined) {
    out += `<cwmp:UseCWMPVersion soap-env:mustUnderstand="1">${escapeXml(header.useCwmpVersion)}</cwmp:UseCWMPVersion>`;
  }
  return out === '' ? '' : `<soap-env:Header>${out}</soap-env:Header>`;
}
