import { encodeEnvelope } from '@acs/cwmp-codec';
import type { CwmpMessage, SoapHeader } from '@acs/cwmp-codec';
import { DeviceQuirks } from './quirks';

export interface WireBody {
  body: Buffer;
  contentType: string;
}

/** Encodes one envelope the way this device's stack writes it (namespace, booleans, charset, xsi:type). */
export function encodeForWire(
  message: CwmpMessage,
  header: SoapHeader,
  quirks: DeviceQuirks,
): WireBody {
  let text = encodeEnvelope(
    { namespace: quirks.namespace, header, message },
    {
      booleansAsDigits: quirks.booleansAsDigits,
      dateTimeFractions: false,
      nextLevelAsDigit: false,
    },
  );
  if (quirks.noXsiType) text = text.replace(/<Value xsi:type="[^"]*">/g, '<Value>');
  if (quirks.latin1Bodies) {
    // Characters beyond Latin-1 travel as character references, as such stacks write them.
    text = latin1References(text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'));
    return { body: Buffer.from(text, 'latin1'), contentType: 'text/xml; charset=ISO-8859-1' };
  }
  return { body: Buffer.from(text, 'utf8'), contentType: 'text/xml; charset="utf-8"' };
}

function latin1References(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    out += code > 0xff ? `&#${code};` : char;
  }
  return out;
}

/** Cookies the ACS set during one session (attributes ignored: a CPE returns them all). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const pair = line.split(';', 1)[0] ?? '';
      const equals = pair.indexOf('=');
      if (equals > 0) this.cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
    }
  }

  /** Every cookie the ACS set so far, `name=value; ...` (what the device sends back). */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
