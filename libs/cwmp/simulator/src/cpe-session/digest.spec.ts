import { Authenticator, parseChallenge, verifyDigest } from './digest';

describe('Digest', () => {
  it('parses challenges with quoted and bare values', () => {
    expect(
      parseChallenge('Digest realm="acs, main", qop="auth,auth-int", nonce="abc", algorithm=MD5'),
    ).toEqual({
      scheme: 'Digest',
      params: { realm: 'acs, main', qop: 'auth,auth-int', nonce: 'abc', algorithm: 'MD5' },
    });
    expect(parseChallenge('Basic realm="x"')?.scheme).toBe('Basic');
    expect(parseChallenge('Negotiate')).toBeUndefined();
  });

  it('produces the RFC 2617 response and counts nonce uses', () => {
    const challenge = parseChallenge(
      'Digest realm="testrealm@host.com", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    const authenticator = new Authenticator(
      challenge as NonNullable<typeof challenge>,
      'Mufasa',
      'Circle Of Life',
    );
    const first = authenticator.header('GET', '/dir/index.html');
    const second = authenticator.header('GET', '/dir/index.html');
    expect(first).toContain('nc=00000001');
    expect(second).toContain('nc=00000002');
    expect(first).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    const check = (header: string, password: string) =>
      verifyDigest(header, 'GET', {
        username: 'Mufasa',
        password,
        realm: 'testrealm@host.com',
        nonceValid: () => true,
      });
    expect(check(first, 'Circle Of Life')).toBe(true);
    expect(check(first, 'wrong')).toBe(false);
  });

  it('answers Basic with base64 credentials', () => {
    const authenticator = new Authenticator({ scheme: 'Basic', params: {} }, 'cpe', 'pw');
    expect(authenticator.header('POST', '/')).toBe(
      `Basic ${Buffer.from('cpe:pw').toString('base64')}`,
    );
  });
});
