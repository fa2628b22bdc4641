import { request } from 'http';
import {
  decodeEnvelope,
  encodeEnvelope,
  type CwmpMessage,
  type Envelope,
  type Inform,
  type SoapHeader,
} from '@acs/cwmp-codec';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Decoded when the body is a CWMP envelope. */
  envelope: Envelope | undefined;
}

/**
 * A hand-driven CPE for tests that need what the simulator does not do on purpose: switch
 * gateways mid-session, send hostile bytes, or stop at an exact step.
 */
export class RawCpe {
  cookie: string | undefined;

  constructor(
    public url: string,
    readonly serialNumber: string,
    private readonly namespace = 'urn:dslforum-org:cwmp-1-2',
  ) {}

  inform(
    events: string[] = ['2 PERIODIC'],
    header: SoapHeader = { id: 'inform-1' },
  ): Promise<RawAnswer> {
    return this.post(this.informEnvelope(events, header));
  }

  /** The Inform this CPE sends, as XML. */
  informEnvelope(
    events: string[] = ['2 PERIODIC'],
    header: SoapHeader = { id: 'inform-1' },
  ): string {
    const inform: Inform = {
      type: 'Inform',
      deviceId: {
        manufacturer: 'Raw Networks',
        oui: '00AA11',
        productClass: 'RawBox',
        serialNumber: this.serialNumber,
      },
      events: events.map((eventCode) => ({ eventCode, commandKey: '' })),
      maxEnvelopes: 1,
      currentTime: new Date().toISOString(),
      retryCount: 0,
      parameters: [
        { name: 'Device.DeviceInfo.SoftwareVersion', type: 'string', value: '1.0.0' },
        {
          name: 'Device.ManagementServer.ConnectionRequestURL',
          type: 'string',
          value: 'http://192.0.2.1:7547/cr',
        },
      ],
    };
    return encodeEnvelope({ namespace: this.namespace, header, message: inform });
  }

  send(message: CwmpMessage, header: SoapHeader = { id: 'cpe-1' }): Promise<RawAnswer> {
    return this.post(encodeEnvelope({ namespace: this.namespace, header, message }));
  }

  empty(): Promise<RawAnswer> {
    return this.post('');
  }

  async post(body: string | Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
    const answer = await rawPost(this.url, body, {
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...headers,
    });
    const setCookie = answer.headers['set-cookie'];
    if (setCookie)
      this.cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
    return answer;
  }
}

export function rawPost(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'text/xml; charset="utf-8"',
          'content-length': String(payload.length),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const decoded = bytes.length > 0 ? decodeEnvelope(bytes, { from: 'acs' }) : undefined;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: bytes,
            envelope: decoded?.ok ? decoded.value : undefined,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
