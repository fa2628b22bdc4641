import { parseAuthorizationHeader, type Authorization } from './authorization-header';
import { buildBasicChallenge, buildDigestChallenge } from './challenge';
import { computeDigestResponse, digestResponsesEqual, parseNonceCount } from './digest-response';

/** RFC 2617 section 3.5: the worked example. */
const RFC2617_HEADER =
  'Digest username="Mufasa", realm="testrealm@host.com", ' +
  'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, ' +
  'cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", ' +
  'opaque="5ccc069c403ebaf9f0171e9517f40e41"';

function parsed(header: string): Authorization {
  const result = parseAuthorizationHeader(header);
  if (!result.ok) throw new Error(`expected a parse, got ${result.error.message}`);
  return result.value;
}

describe('the RFC 2617 example', () => {
  it('parses and its response is reproduced from the password', () => {
    const header = parsed(RFC2617_HEADER);
    expect(header).toEqual({
      scheme: 'digest',
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
      response: '6629fae49393a05397450978507c4ef1',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
    const computed = computeDigestResponse({
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      nc: '00000001',
      cnonce: '0a4f113b',
      qop: 'auth',
    });
    expect(computed).toBe('6629fae49393a05397450978507c4ef1');
    expect(digestResponsesEqual(computed, '6629FAE49393A05397450978507C4EF1')).toBe(true);
    expect(digestResponsesEqual(computed, '6629fae49393a05397450978507c4ef0')).toBe(false);
  });
});

describe('parseAuthorizationHeader tolerates CPE quirks', () => {
  it('reads unquoted values, odd spacing, a lower-case scheme and no algorithm', () => {
    const header = parsed(
      'digest   username = Mufasa ,realm="testrealm@host.com",nonce=abc123 ,uri=/acs,' +
        ' qop = auth,nc=1,cnonce=xyz, response=6629fae4,,',
    );
    expect(header).toMatchObject({
      scheme: 'digest',
      username: 'Mufasa',
      nonce: 'abc123',
      uri: '/acs',
      qop: 'auth',
      nc: '1',
      cnonce: 'xyz',
      response: '6629fae4',
    });
    expect(header).not.toHaveProperty('algorithm');
  });

  it('reads upper-case parameter names and escaped quotes', () => {
    const header = parsed(
      'DIGEST USERNAME="a\\"b", Realm="r", Nonce="n", URI="/", Response="x", QOP="auth", NC=00000002, CNONCE="c", Algorithm=MD5',
    );
    expect(header).toMatchObject({ username: 'a"b', realm: 'r', nc: '00000002', algorithm: 'MD5' });
  });

  it('reads Basic with any scheme case and a colon inside the password', () => {
    const token = Buffer.from('cpe-1:pa:ss').toString('base64');
    expect(parsed(`basic ${token}`)).toEqual({
      scheme: 'basic',
      username: 'cpe-1',
      password: 'pa:ss',
    });
  });

  it.each([
    ['', 'EMPTY'],
    ['Bearer abc', 'UNSUPPORTED_SCHEME'],
    ['Basic !!!', 'MALFORMED_BASIC'],
    [`Basic ${Buffer.from('no-colon').toString('base64')}`, 'MALFORMED_BASIC'],
    ['Digest username="a", realm="r", nonce="n", uri="/"', 'MISSING_DIGEST_PARAMETER'],
    [
      'Digest username="a", realm="r", nonce="n", uri="/", response="x", qop=auth',
      'MISSING_DIGEST_PARAMETER',
    ],
    ['Digest username="a, realm="r"', 'MALFORMED_DIGEST'],
    ['Digest username="a" realm="r"', 'MALFORMED_DIGEST'],
    [
      'Digest username="a", username="b", realm="r", nonce="n", uri="/", response="x"',
      'MALFORMED_DIGEST',
    ],
  ])('refuses %j with %s', (header, code) => {
    const result = parseAuthorizationHeader(header);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('never puts the password or nonce into an error message', () => {
    const result = parseAuthorizationHeader('Digest username="a", nonce="secret-nonce", realm=r');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).not.toContain('secret-nonce');
      expect(result.error.message).toContain('uri');
    }
  });
});

describe('parseNonceCount', () => {
  it('reads 1 to 8 hex digits and refuses anything else', () => {
    expect(parseNonceCount('00000001')).toBe(1);
    expect(parseNonceCount('0000000A')).toBe(10);
    expect(parseNonceCount('ff')).toBe(255);
    expect(parseNonceCount('')).toBeUndefined();
    expect(parseNonceCount('000000001')).toBeUndefined();
    expect(parseNonceCount('1g')).toBeUndefined();
  });
});

describe('challenges', () => {
  it('builds a Digest challenge a client can parse back', () => {
    const challenge = buildDigestChallenge({
      realm: 'ACS "lab"',
      nonce: 'n0nce',
      opaque: 'op',
      stale: true,
    });
    expect(challenge).toBe(
      'Digest realm="ACS \\"lab\\"", qop="auth", nonce="n0nce", opaque="op", algorithm=MD5, stale=true',
    );
    expect(buildDigestChallenge({ realm: 'r', nonce: 'n', opaque: 'o' })).not.toContain('stale');
  });

  it('builds a Basic challenge', () => {
    expect(buildBasicChallenge('cwmp')).toBe('Basic realm="cwmp", charset="UTF-8"');
  });
});
