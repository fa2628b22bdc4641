import { Type, type Static, type TObject } from '@sinclair/typebox';
import { ConfigError } from '@acs/config';
import { API_KEY_ROLES, type ApiKeyRole } from '@acs/nbi-data-access';

/**
 * Asymmetric algorithms only: the provider's public keys (JWKS) verify tokens, and an HMAC or
 * `none` in the allow-list is what key-confusion and unsigned-token attacks rely on.
 */
export const OIDC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** The operator API's single sign-on settings, for an app's config schema (read by @acs/config). */
export function nbiOidcSettingsEnv() {
  return {
    /** The provider's issuer (`https://sso.isp.example/realms/noc`); absent: API keys only. */
    nbiOidcIssuer: Type.Optional(Type.String({ env: 'NBI_OIDC_ISSUER', pattern: '^https?://' })),
    /** What a token's `aud` must contain: the client id the provider issues tokens for. */
    nbiOidcAudience: Type.Optional(Type.String({ env: 'NBI_OIDC_AUDIENCE', minLength: 1 })),
    /** The provider's keys; absent: the `jwks_uri` of its OpenID discovery document. */
    nbiOidcJwksUrl: Type.Optional(Type.String({ env: 'NBI_OIDC_JWKS_URL', pattern: '^https?://' })),
    nbiOidcAlgorithms: Type.Array(Type.Union(OIDC_ALGORITHMS.map((alg) => Type.Literal(alg))), {
      env: 'NBI_OIDC_ALGORITHMS',
      default: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      minItems: 1,
    }),
    /** Where the roles are in the token: a claim name or a dotted path (`realm_access.roles`). */
    nbiOidcRolesClaim: Type.String({ env: 'NBI_OIDC_ROLES_CLAIM', default: 'roles', minLength: 1 }),
    /**
     * The provider's role names and the API role each gives, `acs-admin=admin,noc=operator`.
     * Absent: the API's own names (`admin`, `operator`, `read-only`) are expected in the claim.
     */
    nbiOidcRoleMap: Type.Array(Type.String({ pattern: '^[^=]+=(admin|operator|read-only)$' }), {
      env: 'NBI_OIDC_ROLE_MAP',
      default: [],
    }),
    /** Clock skew allowed between the provider and this host, on `exp` and `nbf`. */
    nbiOidcClockToleranceSeconds: Type.Integer({
      env: 'NBI_OIDC_CLOCK_TOLERANCE_S',
      default: 30,
      minimum: 0,
      maximum: 300,
    }),
  };
}

/** The part of an app's configuration nbiOidcSettingsEnv() describes. */
export type OidcEnvSettings = Static<TObject<ReturnType<typeof nbiOidcSettingsEnv>>>;

/** Single sign-on as the verifier takes it. */
export interface OidcSettings {
  issuer: string;
  audience: string;
  /** Absent: discovered from `<issuer>/.well-known/openid-configuration`. */
  jwksUrl?: string;
  algorithms: string[];
  rolesClaim: string;
  /** Provider role name → API role. */
  roleMap: Record<string, ApiKeyRole>;
  clockToleranceSeconds: number;
}

/**
 * The verifier's settings from an app's configuration, or null when single sign-on is off (no
 * issuer). An issuer without an audience is refused: a token for any client of the provider would
 * otherwise be taken.
 */
export function oidcSettingsOf(config: OidcEnvSettings): OidcSettings | null {
  if (config.nbiOidcIssuer === undefined) return null;
  if (config.nbiOidcAudience === undefined) {
    throw new ConfigError([
      'NBI_OIDC_AUDIENCE: required with NBI_OIDC_ISSUER (else a token for any client of the provider would be taken)',
    ]);
  }
  const roleMap: Record<string, ApiKeyRole> = {};
  if (config.nbiOidcRoleMap.length === 0) {
    for (const role of API_KEY_ROLES) roleMap[role] = role;
  }
  for (const pair of config.nbiOidcRoleMap) {
    const at = pair.lastIndexOf('=');
    roleMap[pair.slice(0, at)] = pair.slice(at + 1) as ApiKeyRole;
  }
  return {
    issuer: config.nbiOidcIssuer,
    audience: config.nbiOidcAudience,
    ...(config.nbiOidcJwksUrl === undefined ? {} : { jwksUrl: config.nbiOidcJwksUrl }),
    algorithms: [...config.nbiOidcAlgorithms],
    rolesClaim: config.nbiOidcRolesClaim,
    roleMap,
    clockToleranceSeconds: config.nbiOidcClockToleranceSeconds,
  };
}
