import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** An ES256 key pair with its public half as a JWK, as an OIDC provider publishes it. */
export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
}

/**
 * A stand-in OpenID Connect provider for tests: serves its discovery document and its JWKS over
 * HTTP, counts JWKS fetches, rotates keys on request, and signs tokens.
 */
export class TestIdentityProvider {
  jwksFetches = 0;
  private published: SigningKey[];

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    keys: SigningKey[],
  ) {
    this.published = keys;
  }

  static async start(keys: SigningKey[]): Promise<TestIdentityProvider> {
    const listening: { provider?: TestIdentityProvider } = {};
    const server = createServer((request, response) => {
      const body = listening.provider?.answer(request.url ?? '');
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body ?? { error: 'not found' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    listening.provider = new TestIdentityProvider(server, `http://127.0.0.1:${port}`, keys);
    return listening.provider;
  }

  private answer(path: string): object | undefined {
    if (path === '/.well-known/openid-configuration')
      return { issuer: this.issuer, jwks_uri: this.jwksUrl };
    if (path !== '/jwks') return undefined;
    this.jwksFetches++;
    return { keys: this.published.map((key) => key.publicJwk) };
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  /** Replaces the published keys (a rotation). */
  publish(keys: SigningKey[]): void {
    this.published = keys;
  }

  /** A token signed with `key`, valid for an hour from now unless `claims` say otherwise. */
  sign(
    key: SigningKey,
    claims: JWTPayload & { aud?: string },
    issuer = this.issuer,
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iat: now, exp: now + 3600, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .sign(key.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
