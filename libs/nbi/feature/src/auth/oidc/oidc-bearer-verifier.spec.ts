import { createHmac } from 'node:crypto';
import {
  TestIdentityProvider,
  signingKey,
  type SigningKey,
} from '../../test-support/test-identity-provider';
import { OidcBearerVerifier } from './oidc-bearer-verifier';
import type { OidcSettings } from './oidc-settings';

const AUDIENCE = 'acs-operator-api';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('single sign-on: bearer JWTs verified against the provider JWKS', () => {
  let provider: TestIdentityProvider;
  let key: SigningKey;
  let other: SigningKey;
  let settings: OidcSettings;

  beforeAll(async () => {
    [key, other] = await Promise.all([signingKey('k1'), signingKey('k2')]);
    provider = await TestIdentityProvider.start([key]);
    settings = {
      issuer: provider.issuer,
      audience: AUDIENCE,
      algorithms: ['RS256', 'ES256'],
      rolesClaim: 'realm_access.roles',
      roleMap: { 'acs-admin': 'admin', 'acs-noc': 'operator', 'acs-helpdesk': 'read-only' },
      clockToleranceSeconds: 0,
    };
  }, 30_000);
  afterAll(() => provider.close());
  beforeEach(() => provider.publish([key]));

  const claims = (roles: string[], extra: Record<string, unknown> = {}) => ({
    sub: 'user-42',
    preferred_username: 'alice',
    aud: AUDIENCE,
    realm_access: { roles },
    ...extra,
  });

  it('takes a valid token, its role the highest the claim maps to, the JWKS discovered', async () => {
    const verifier = new OidcBearerVerifier(settings);
    const token = await provider.sign(key, claims(['offline_access', 'acs-helpdesk', 'acs-noc']));
    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'oidc:user-42',
      name: 'alice',
      role: 'operator',
      via: 'oidc',
    });
    // Cached: a second token costs no fetch.
    const fetches = provider.jwksFetches;
    await verifier.verify(await provider.sign(key, claims(['acs-admin'])));
    expect(provider.jwksFetches).toBe(fetches);
  });

  it('refuses an expired token, a wrong audience and a wrong issuer, saying which', async () => {
    const verifier = new OidcBearerVerifier({ ...settings, jwksUrl: provider.jwksUrl });
    const past = Math.floor(Date.now() / 1000) - 60;
    await expect(
      verifier.verify(
        await provider.sign(key, claims(['acs-admin'], { exp: past, iat: past - 60 })),
      ),
    ).rejects.toThrow('the token has expired');
    await expect(
      verifier.verify(await provider.sign(key, claims(['acs-admin'], { aud: 'another-client' }))),
    ).rejects.toThrow("the token's aud claim is not accepted");
    await expect(
      verifier.verify(await provider.sign(key, claims(['acs-admin']), 'https://evil.example')),
    ).rejects.toThrow("the token's iss claim is not accepted");
  });

  it('refuses a token signed by a key the provider does not publish under that key id', async () => {
    const verifier = new OidcBearerVerifier({ ...settings, jwksUrl: provider.jwksUrl });
    const forged = await provider.sign({ ...other, kid: 'k1' }, claims(['acs-admin']));
    await expect(verifier.verify(forged)).rejects.toThrow("the token's signature does not verify");
  });

  it('refuses alg none and an HS256 token keyed with the public key (key confusion)', async () => {
    const verifier = new OidcBearerVerifier({ ...settings, jwksUrl: provider.jwksUrl });
    const body = b64({
      ...claims(['acs-admin']),
      iss: provider.issuer,
      exp: Date.now() / 1000 + 600,
    });
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${body}.`;
    await expect(verifier.verify(unsigned)).rejects.toThrow(
      "the token's signing algorithm is not accepted",
    );
    // The attacker signs with HMAC, using the published public key's bytes as the secret.
    const header = b64({ alg: 'HS256', typ: 'JWT', kid: 'k1' });
    const secret = JSON.stringify(key.publicJwk);
    const mac = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
    await expect(verifier.verify(`${header}.${body}.${mac}`)).rejects.toThrow(
      "the token's signing algorithm is not accepted",
    );
  });

  it('fetches the keys again for an unknown key id: the provider rotated its keys', async () => {
    const verifier = new OidcBearerVerifier({ ...settings, jwksUrl: provider.jwksUrl }, 200);
    await verifier.verify(await provider.sign(key, claims(['acs-admin'])));
    await new Promise((resolve) => setTimeout(resolve, 250));
    provider.publish([key, other]);
    const before = provider.jwksFetches;
    const actor = await verifier.verify(await provider.sign(other, claims(['acs-noc'])));
    expect(actor.role).toBe('operator');
    expect(provider.jwksFetches).toBe(before + 1);
  });

  it('does not fetch the keys again within the cool-down, whatever key ids tokens name', async () => {
    const verifier = new OidcBearerVerifier({ ...settings, jwksUrl: provider.jwksUrl });
    await verifier.verify(await provider.sign(key, claims(['acs-admin'])));
    const before = provider.jwksFetches;
    for (const kid of ['forged-1', 'forged-2', 'forged-3']) {
      const forged = await provider.sign({ ...other, kid }, claims(['acs-admin']));
      await expect(verifier.verify(forged)).rejects.toThrow(
        "no key of the identity provider matches the token's key id",
      );
    }
    expect(provider.jwksFetches).toBe(before);
  });

  it('answers 403 for a valid token that grants no role of this API', async () => {
    const verifier = new OidcBearerVerifier({ ...settings, jwksUrl: provider.jwksUrl });
    const token = await provider.sign(key, claims(['offline_access']));
    await expect(verifier.verify(token)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('answers unavailable, not unauthenticated, when the provider cannot be reached', async () => {
    const verifier = new OidcBearerVerifier({
      ...settings,
      jwksUrl: 'http://127.0.0.1:9/jwks',
    });
    const token = await provider.sign(key, claims(['acs-admin']));
    await expect(verifier.verify(token)).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'identity-provider-unavailable',
    });
  });
});
