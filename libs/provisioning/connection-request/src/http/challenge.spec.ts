import {
  AuthChallenge,
  digestAuthorization,
  parseChallenges,
  UnsupportedChallengeError,
} from './challenge';

describe('parseChallenges', () => {
  it('separates several challenges in one value and across values', () => {
    expect(
      parseChallenges([
        'Digest realm="cpe, home", qop="auth,auth-int", nonce="abc", Basic realm="cpe"',
        'Negotiate',
      ]),
    ).toEqual([
      { scheme: 'digest', params: { realm: 'cpe, home', qop: 'auth,auth-int', nonce: 'abc' } },
      { scheme: 'basic', params: { realm: 'cpe' } },
      { scheme: 'negotiate', params: {} },
    ]);
  });

  it('reads unquoted values and escaped quotes', () => {
    expect(parseChallenges(['Digest realm="a \\"b\\"",algorithm=MD5, stale=TRUE'])).toEqual([
      { scheme: 'digest', params: { realm: 'a "b"', algorithm: 'MD5', stale: 'TRUE' } },
    ]);
  });
});

describe('digestAuthorization', () => {
  // RFC 2617 section 3.5: the worked example (Mufasa, "Circle Of Life").
  const rfc2617 = parseChallenges([
    'Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
      'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  ])[0];

  it('computes the RFC 2617 example response', () => {
    const header = digestAuthorization(
      rfc2617 as AuthChallenge,
      { username: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html' },
      '0a4f113b',
    );
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('refuses algorithms other than MD5 with a typed error', () => {
    const [challenge] = parseChallenges(['Digest realm="r", nonce="n", algorithm=SHA-256']);
    expect(() =>
      digestAuthorization(challenge as AuthChallenge, {
        username: 'u',
        password: 'p',
        method: 'GET',
        uri: '/',
      }),
    ).toThrow(UnsupportedChallengeError);
  });
});
