import type { PostureFinding } from '@acs/device-store';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

const http: PostureFinding = {
  id: 'acs-url-http',
  severity: 'medium',
  evidence: { parameter: 'Device.ManagementServer.URL', url: 'http://acs/' },
};
const defaults: PostureFinding = {
  id: 'connection-request-credentials-default',
  severity: 'high',
  evidence: { username: 'admin', vendors: ['Zyxel'] },
};

describe('posture API', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi();
    await nbi.seed(
      { deviceId: '00D09E-HG8245-P1', posture: [defaults, http] },
      { deviceId: '00D09E-HG8245-P2', posture: [http] },
      { deviceId: '00D09E-HG8546-P3', productClass: 'HG8546', posture: [http] },
      { deviceId: '00D09E-HG8546-P4', productClass: 'HG8546', posture: [] },
      { deviceId: '00D09E-HG8546-P5', productClass: 'HG8546' },
    );
  }, 30_000);
  afterAll(() => nbi.close());

  const get = (path: string, key = nbi.keys['read-only']) =>
    nbi.request('GET', `/api/v1${path}`, { key });

  it("answers a device's findings with severity and evidence, to a read-only key", async () => {
    const answer = await get('/devices/00D09E-HG8245-P1/posture');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      deviceId: '00D09E-HG8245-P1',
      findings: [defaults, http],
      assessed: true,
    });
    expect((await get('/devices/00D09E-HG8546-P4/posture')).body).toMatchObject({
      findings: [],
      assessed: true,
    });
    expect((await get('/devices/00D09E-HG8546-P5/posture')).body).toMatchObject({
      findings: [],
      assessed: false,
    });
    expect((await get('/devices/nope/posture')).status).toBe(404);
    expect((await nbi.request('GET', '/api/v1/devices/00D09E-HG8245-P1/posture')).status).toBe(401);
  });

  it('counts devices per finding per model for the fleet, and filters find them by tag', async () => {
    const answer = await get('/posture/summary');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      rows: [
        { ...row(defaults), oui: '00D09E', productClass: 'HG8245', devices: 1 },
        { ...row(http), oui: '00D09E', productClass: 'HG8245', devices: 2 },
        { ...row(http), oui: '00D09E', productClass: 'HG8546', devices: 1 },
      ],
    });
    const filter = encodeURIComponent(JSON.stringify({ tags: 'posture:acs-url-http' }));
    const tagged = await get(`/devices?filter=${filter}&projection=posture`);
    expect((tagged.body as { total: number }).total).toBe(3);
  });
});

function row(finding: PostureFinding) {
  return { finding: finding.id, severity: finding.severity };
}
