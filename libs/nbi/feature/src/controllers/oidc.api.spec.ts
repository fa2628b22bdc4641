import {
  TestIdentityProvider,
  signingKey,
  type SigningKey,
} from '../test-support/test-identity-provider';
import { startTestNbi, type TestNbi } from '../test-support/nbi-test-app';

const AUDIENCE = 'acs-operator-api';
const DEVICE = '00D09E-HG8245-SSO1';

/** A shared machine can be slow; these tests do a few requests each. */
const TIMEOUT_MS = 20_000;

describe('operator API with single sign-on: bearer JWTs beside API keys', () => {
  let provider: TestIdentityProvider;
  let key: SigningKey;
  let nbi: TestNbi;
  let keysOnly: TestNbi;

  beforeAll(async () => {
    key = await signingKey('sso-1');
    provider = await TestIdentityProvider.start([key]);
    nbi = await startTestNbi({
      oidc: {
        issuer: provider.issuer,
        audience: AUDIENCE,
        algorithms: ['ES256'],
        rolesClaim: 'groups',
        roleMap: { noc: 'operator', helpdesk: 'read-only' },
        clockToleranceSeconds: 30,
      },
    });
    await nbi.seed({ deviceId: DEVICE });
    keysOnly = await startTestNbi();
  }, 30_000);
  afterAll(async () => {
    await Promise.all([nbi.close(), keysOnly.close(), provider.close()]);
  });

  const token = (user: string, groups: string[]) =>
    provider.sign(key, { sub: `id-${user}`, preferred_username: user, aud: AUDIENCE, groups });

  it(
    'lets a helpdesk user read devices and refuses them a write (403), audited as the user',
    async () => {
      const helpdesk = await token('bob', ['helpdesk']);
      const list = await nbi.request('GET', '/api/v1/devices', { key: helpdesk });
      expect(list.status).toBe(200);
      const write = await nbi.request('PUT', `/api/v1/devices/${DEVICE}/tags/lab`, {
        key: helpdesk,
      });
      expect(write.status).toBe(403);
      expect(write.body).toMatchObject({ error: 'forbidden' });
      const entries = await nbi.auditOutcomes(5);
      expect(entries[0]).toMatchObject({
        who: { keyId: 'oidc:id-bob', keyName: 'bob' },
        status: 403,
      });
    },
    TIMEOUT_MS,
  );

  it(
    'lets a NOC user write, recorded in the audit log under their name',
    async () => {
      const noc = await token('carol', ['noc']);
      const write = await nbi.request('PUT', `/api/v1/devices/${DEVICE}/tags/sso`, { key: noc });
      expect(write.status).toBeLessThan(300);
      const entries = await nbi.auditOutcomes(5);
      expect(entries[0]).toMatchObject({ who: { keyId: 'oidc:id-carol', keyName: 'carol' } });
      expect(entries[0]?.status).toBeLessThan(300);
    },
    TIMEOUT_MS,
  );

  it(
    'still takes API keys, and refuses a bad token with 401 and a reason',
    async () => {
      expect(
        (await nbi.request('GET', '/api/v1/devices', { key: nbi.keys['read-only'] })).status,
      ).toBe(200);
      const stranger = await provider.sign(key, { sub: 'x', aud: 'other-app', groups: ['noc'] });
      const refused = await nbi.request('GET', '/api/v1/devices', { key: stranger });
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: 'unauthenticated' });
      expect(JSON.stringify(refused.body)).toContain('aud');
    },
    TIMEOUT_MS,
  );

  it(
    'refuses every JWT where single sign-on is not configured',
    async () => {
      const valid = await token('dave', ['noc']);
      const response = await keysOnly.request('GET', '/api/v1/devices', { key: valid });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: 'unauthenticated' });
    },
    TIMEOUT_MS,
  );
});
