import { decodeEnvelope, encodeEnvelope } from '../index';

const informWith = (value: string) =>
  encodeEnvelope({
    namespace: 'urn:dslforum-org:cwmp-1-0',
    message: {
      type: 'Inform',
      deviceId: { manufacturer: 'A', oui: '001122', productClass: 'P', serialNumber: 'S1' },
      events: [{ eventCode: '2 PERIODIC', commandKey: '' }],
      maxEnvelopes: 1,
      currentTime: null,
      retryCount: 0,
      parameters: [{ name: 'Device.X', type: 'string', value }],
    },
  });

describe('hostile and malformed input gets a typed error, never a crash or a hang', () => {
  it.each([
    [
      'internal entity (billion laughs)',
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>',
    ],
    [
      'external entity (XXE)',
      '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>',
    ],
    ['external DTD', '<!DOCTYPE foo SYSTEM "http://203.0.113.1/evil.dtd"><foo/>'],
    ['lower-case doctype with blanks', '<! doctype foo><foo/>'],
    ['entity declaration alone', '<a><!ENTITY x "y"></a>'],
  ])('refuses a %s before parsing', (_name, xml) => {
    expect(decodeEnvelope(xml)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_DTD' } });
  });

  it('refuses bodies over the size cap', () => {
    const result = decodeEnvelope(informWith('x'.repeat(2000)), {
      limits: { maxBytes: 1024, maxDepth: 32 },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
  });

  it('refuses nesting deeper than the cap and names where', () => {
    const deep = `${'<X_Deep>'.repeat(40)}v${'</X_Deep>'.repeat(40)}`;
    const xml = informWith('v').replace(
      '<Value xsi:type="xsd:string">v</Value>',
      `<Value>${deep}</Value>`,
    );
    const result = decodeEnvelope(xml);
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_DEEP' } });
    expect(!result.ok && result.error.context.path).toMatch(
      /^Envelope\/Body\/Inform\/ParameterList\/ParameterValueStruct\/Value\/X_Deep/,
    );
  });

  it('reports malformed XML with its position', () => {
    const result = decodeEnvelope(
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('MALFORMED_XML');
      expect(result.error.context.line).toBe(1);
      expect(result.error.message).toMatch(/line 1/);
    }
  });

  it('names the missing element and still reports the cwmp:ID for the fault', () => {
    const xml = informWith('v').replace(/<OUI>001122<\/OUI>/, '');
    expect(
      decodeEnvelope(
        xml.replace(
          '<soap-env:Body>',
          '<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">77</cwmp:ID></soap-env:Header><soap-env:Body>',
        ),
      ),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'MISSING_ELEMENT',
        context: { path: 'Inform/DeviceId/OUI', id: '77', method: 'Inform' },
      },
    });
  });

  it('names an invalid value', () => {
    const xml = encodeEnvelope({
      message: { type: 'SetParameterValuesResponse', status: 0 },
    }).replace('<Status>0</Status>', '<Status>zero</Status>');
    expect(decodeEnvelope(xml)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_VALUE', context: { path: 'SetParameterValuesResponse/Status' } },
    });
  });

  it('strips invalid control characters, raw and as references, instead of failing', () => {
    const xml = informWith('ok').replace('>ok<', '>o\u0001k\u001B&#1;&#x1F;<');
    const result = decodeEnvelope(xml);
    expect(result).toMatchObject({
      ok: true,
      value: { message: { parameters: [{ name: 'Device.X', value: 'ok' }] } },
    });
  });

  it('answers binary garbage, an empty body and a whitespace body with typed errors', () => {
    expect(decodeEnvelope(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]))).toMatchObject({
      ok: false,
    });
    expect(decodeEnvelope('')).toMatchObject({ ok: false, error: { code: 'EMPTY_BODY' } });
    expect(decodeEnvelope(' \r\n\t ')).toMatchObject({ ok: false, error: { code: 'EMPTY_BODY' } });
    expect(decodeEnvelope('<html><body>hi</body></html>')).toMatchObject({
      ok: false,
      error: { code: 'NOT_SOAP' },
    });
  });

  it('never touches the network or the file system through XInclude', () => {
    const xml = informWith('v').replace(
      '<Value xsi:type="xsd:string">v</Value>',
      '<Value xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></Value>',
    );
    const result = decodeEnvelope(xml);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/root:/);
  });

  it('decodes fuzzed truncations of a valid envelope without throwing', () => {
    const xml = informWith('value & more');
    for (let cut = 0; cut < xml.length; cut += 7) {
      const result = decodeEnvelope(xml.slice(0, cut));
      expect(typeof result.ok).toBe('boolean');
    }
  });

  describe('regressions found by the decode properties', () => {
    it('refuses an integer field too large to be exact instead of rounding it', () => {
      const xml = encodeEnvelope({
        message: { type: 'AddObjectResponse', instanceNumber: 7, status: 0 },
      }).replace('<InstanceNumber>7<', '<InstanceNumber>99999999999999999999999999999999<');
      expect(decodeEnvelope(xml)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_VALUE', context: { path: 'AddObjectResponse/InstanceNumber' } },
      });
    });

    it('refuses a SessionTimeout that is not an exact unsignedInt instead of rounding it', () => {
      const xml = (timeout: string) =>
        encodeEnvelope({
          header: { sessionTimeout: 30 },
          message: { type: 'GetRPCMethods' },
        }).replace('>30<', `>${timeout}<`);
      for (const timeout of ['9007199254740993', '0x10', '1e3', '']) {
        expect(decodeEnvelope(xml(timeout))).toMatchObject({
          ok: false,
          error: { code: 'INVALID_VALUE', context: { path: 'Envelope/Header/SessionTimeout' } },
        });
      }
      expect(decodeEnvelope(xml(' 45 '))).toMatchObject({
        ok: true,
        value: { header: { sessionTimeout: 45 } },
      });
    });

    it('names real elements, not a stray "<", in the path of a syntax error', () => {
      const result = decodeEnvelope(
        '< <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">',
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'MALFORMED_XML' } });
      expect(!result.ok && result.error.context.path).toBe('/');
    });
  });
});
