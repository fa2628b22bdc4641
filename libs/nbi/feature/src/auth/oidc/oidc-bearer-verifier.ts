import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ForbiddenError, UnauthenticatedError, UnavailableError } from '../../errors/nbi-errors';
import type { Actor } from '../actor';
import type { OidcSettings } from './oidc-settings';
import { roleOfToken } from './token-role';

/** A JWS in compact form: three base64url parts. API keys (`acs_…`) never contain a dot. */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);
}

/** Why a token was refused, said without echoing any of it. */
function refusal(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new UnauthenticatedError('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new UnauthenticatedError(`the token's ${error.claim} claim is not accepted`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new UnauthenticatedError("the token's signing algorithm is not accepted");
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new UnauthenticatedError("no key of the identity provider matches the token's key id");
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new UnauthenticatedError("the token's signature does not verify");
  }
  if (error instanceof errors.JWKSTimeout) {
    return new UnavailableError(
      'identity-provider-unavailable',
      'the identity provider did not answer',
    );
  }
  if (error instanceof errors.JOSEError) return new UnauthenticatedError('the token is not valid');
  // Not jose's: the provider's keys could not be fetched (network, HTTP status, bad JSON).
  return new UnavailableError(
    'identity-provider-unavailable',
    `the identity provider's keys could not be read: ${(error as Error).message}`,
  );
}

/**
 * Verifies bearer JWTs from the ISP's OpenID Connect provider against its published keys: the
 * signature with an allowed asymmetric algorithm, the issuer, the audience, expiry and not-before.
 * Keys are cached and fetched again when a token names a key id not yet seen (the provider rotated
 * its keys), at most once per cool-down so that forged key ids cannot make it hammer the provider.
 */
export class OidcBearerVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    /** Least time between two fetches of the keys caused by unknown key ids. */
    private readonly refetchCooldownMs = 30_000,
  ) {}

  async verify(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      const keys = await this.keySet();
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.settings.algorithms,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw refusal(error);
    }
    const role = roleOfToken(payload, this.settings.rolesClaim, this.settings.roleMap);
    const name = nameOf(payload);
    if (role === null) {
      throw new ForbiddenError(
        `${name} has no role for this API in the token's ${this.settings.rolesClaim} claim`,
      );
    }
    return { id: `oidc:${payload.sub ?? ''}`, name, role, via: 'oidc' };
  }

  /** The provider's key set, the JWKS URL discovered once when not configured. */
  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.jwksUrl().then((url) =>
      createRemoteJWKSet(new URL(url), {
        timeoutDuration: 5_000,
        cooldownDuration: this.refetchCooldownMs,
      }),
    );
    // A failed discovery is asked again on the next request, not remembered.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  private async jwksUrl(): Promise<string> {
    if (this.settings.jwksUrl) return this.settings.jwksUrl;
    const discovery = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const document = await fetchJson(discovery);
    const uri = (document as { jwks_uri?: unknown } | null)?.jwks_uri;
    if (typeof uri !== 'string' || !/^https?:\/\//.test(uri))
      throw new Error(`${discovery} names no jwks_uri`);
    return uri;
  }
}

function nameOf(payload: JWTPayload): string {
  for (const claim of ['preferred_username', 'email', 'sub']) {
    const value = payload[claim];
    if (typeof value === 'string' && value !== '') return value;
  }
  return 'unknown';
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}
