import { Type } from '@sinclair/typebox';
import { configFromEnv } from '@acs/config';
import { nbiOidcSettingsEnv, oidcSettingsOf } from './oidc-settings';

const read = (env: Record<string, string>) =>
  oidcSettingsOf(configFromEnv(Type.Object(nbiOidcSettingsEnv()), env));

describe('single sign-on settings (NBI_OIDC_*)', () => {
  it('is off without an issuer', () => {
    expect(read({})).toBeNull();
  });

  it('reads the provider, the role claim and the role map, asymmetric algorithms by default', () => {
    expect(
      read({
        NBI_OIDC_ISSUER: 'https://sso.isp.example/realms/noc',
        NBI_OIDC_AUDIENCE: 'acs',
        NBI_OIDC_ROLES_CLAIM: 'realm_access.roles',
        NBI_OIDC_ROLE_MAP: 'acs-admin=admin,noc=operator',
      }),
    ).toEqual({
      issuer: 'https://sso.isp.example/realms/noc',
      audience: 'acs',
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      rolesClaim: 'realm_access.roles',
      roleMap: { 'acs-admin': 'admin', noc: 'operator' },
      clockToleranceSeconds: 30,
    });
  });

  it("maps the API's own role names when no map is given", () => {
    const settings = read({ NBI_OIDC_ISSUER: 'https://sso.example', NBI_OIDC_AUDIENCE: 'acs' });
    expect(settings?.roleMap).toEqual({
      'read-only': 'read-only',
      operator: 'operator',
      admin: 'admin',
    });
  });

  it('refuses an issuer without an audience, HMAC or none algorithms, and unknown roles', () => {
    expect(() => read({ NBI_OIDC_ISSUER: 'https://sso.example' })).toThrow('NBI_OIDC_AUDIENCE');
    for (const alg of ['HS256', 'none']) {
      expect(() =>
        read({
          NBI_OIDC_ISSUER: 'https://sso.example',
          NBI_OIDC_AUDIENCE: 'acs',
          NBI_OIDC_ALGORITHMS: `RS256,${alg}`,
        }),
      ).toThrow('NBI_OIDC_ALGORITHMS');
    }
    expect(() =>
      read({
        NBI_OIDC_ISSUER: 'https://sso.example',
        NBI_OIDC_AUDIENCE: 'acs',
        NBI_OIDC_ROLE_MAP: 'noc=superuser',
      }),
    ).toThrow('NBI_OIDC_ROLE_MAP');
  });
});
