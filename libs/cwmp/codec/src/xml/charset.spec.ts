import { decodeEnvelope, encodeEnvelope } from '../index';

const envelope = (declaration: string) =>
  encodeEnvelope({
    message: { type: 'Kicked', command: 'Café', referer: '', arg: '', next: '' },
  }).replace('<?xml version="1.0" encoding="UTF-8"?>', declaration);

const commandOf = (result: ReturnType<typeof decodeEnvelope>) =>
  result.ok && result.value.message.type === 'Kicked' ? result.value.message.command : result;

describe('charsets from the HTTP header or the XML declaration', () => {
  it('reads ISO-8859-1 bytes declared in the XML declaration', () => {
    const bytes = Buffer.from(envelope('<?xml version="1.0" encoding="ISO-8859-1"?>'), 'latin1');
    expect(commandOf(decodeEnvelope(bytes))).toBe('Café');
  });

  it('reads ISO-8859-1 bytes named by the HTTP charset, whatever the declaration says', () => {
    const bytes = Buffer.from(envelope('<?xml version="1.0" encoding="UTF-8"?>'), 'latin1');
    expect(commandOf(decodeEnvelope(bytes, { charset: 'iso-8859-1' }))).toBe('Café');
  });

  it('reads UTF-8 bytes, with or without a declaration, and a byte-order mark', () => {
    expect(commandOf(decodeEnvelope(Buffer.from(envelope(''), 'utf8')))).toBe('Café');
    expect(commandOf(decodeEnvelope(Buffer.from(`\uFEFF${envelope('')}`, 'utf8')))).toBe('Café');
  });

  it('does not transcode twice text that is already decoded', () => {
    expect(commandOf(decodeEnvelope(envelope('<?xml version="1.0" encoding="ISO-8859-1"?>')))).toBe(
      'Café',
    );
  });

  it('refuses a charset it cannot read with a typed error', () => {
    const bytes = Buffer.from(envelope('<?xml version="1.0" encoding="EBCDIC-US"?>'), 'latin1');
    expect(decodeEnvelope(bytes)).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_CHARSET' },
    });
  });
});
