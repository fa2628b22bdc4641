import type { ParameterData } from '@acs/contracts';
import { assessPosture } from './assess-posture';
import { DEFAULT_CREDENTIALS } from './default-credentials';
import type { PostureFacts } from './posture-facts';

function facts(
  parameters: Record<string, ParameterData>,
  rest: Partial<Omit<PostureFacts, 'parameters'>> = {},
): PostureFacts {
  return {
    dataModelRoot: 'Device.',
    connectionRequest: {},
    ...rest,
    parameters: new Map(Object.entries(parameters)),
  };
}

const HTTPS = { 'Device.ManagementServer.URL': 'https://acs.example.net/cwmp' };
const ids = (f: PostureFacts) => assessPosture(f).map((finding) => finding.id);

describe('assessPosture', () => {
  it('finds nothing on a device that does everything right', () => {
    const clean = facts(
      {
        ...HTTPS,
        'Device.DeviceInfo.SoftwareVersion': '2.0',
        'Device.UserInterface.RemoteAccess.Enable': false,
      },
      {
        cwmpVersion: '1.4',
        cpeAuthentication: 'digest',
        connectionRequest: { username: 'cr-7f3a', password: 'long-unique-secret' },
      },
    );
    expect(assessPosture(clean)).toEqual([]);
  });

  it('flags an ACS URL over plain HTTP, with the parameter and URL as evidence', () => {
    const found = assessPosture(facts({ 'Device.ManagementServer.URL': 'HTTP://acs:7547/' }));
    expect(found).toEqual([
      {
        id: 'acs-url-http',
        severity: 'medium',
        evidence: { parameter: 'Device.ManagementServer.URL', url: 'HTTP://acs:7547/' },
      },
    ]);
  });

  it('reads a TR-098 device under InternetGatewayDevice., and either root when unknown', () => {
    const url = { 'InternetGatewayDevice.ManagementServer.URL': 'http://acs/' };
    expect(ids(facts(url, { dataModelRoot: 'InternetGatewayDevice.' }))).toEqual(['acs-url-http']);
    expect(ids(facts(url, { dataModelRoot: null }))).toEqual(['acs-url-http']);
    expect(ids(facts(url, { dataModelRoot: 'Device.' }))).toEqual([]);
  });

  it('flags an unauthenticated session as critical', () => {
    expect(assessPosture(facts(HTTPS, { cpeAuthentication: 'none' }))).toEqual([
      { id: 'cpe-auth-none', severity: 'critical', evidence: { authentication: 'none' } },
    ]);
  });

  it('flags Basic only over plain HTTP', () => {
    const http = { 'Device.ManagementServer.URL': 'http://acs/' };
    expect(ids(facts(http, { cpeAuthentication: 'basic' }))).toEqual([
      'basic-auth-over-http',
      'acs-url-http',
    ]);
    expect(ids(facts(HTTPS, { cpeAuthentication: 'basic' }))).toEqual([]);
    expect(ids(facts(http, { cpeAuthentication: 'digest' }))).toEqual(['acs-url-http']);
  });

  it('flags empty connection-request credentials, but not a password it cannot know', () => {
    const [empty] = assessPosture(facts(HTTPS, { connectionRequest: { username: '' } }));
    expect(empty).toEqual({
      id: 'connection-request-credentials-empty',
      severity: 'high',
      evidence: { usernameEmpty: true, passwordEmpty: false },
    });
    expect(ids(facts(HTTPS, { connectionRequest: { username: 'u', password: '' } }))).toEqual([
      'connection-request-credentials-empty',
    ]);
    // A CPE reads back an empty password whatever it holds: unknown is not empty.
    expect(ids(facts(HTTPS, { connectionRequest: { username: 'u' } }))).toEqual([]);
    expect(ids(facts(HTTPS))).toEqual([]);
  });

  it('flags vendor-default connection-request credentials, naming vendors and sources, never the password', () => {
    const [finding] = assessPosture(
      facts(HTTPS, { connectionRequest: { username: 'admin', password: '1234' } }),
    );
    expect(finding?.id).toBe('connection-request-credentials-default');
    expect(finding?.severity).toBe('high');
    expect(finding?.evidence['username']).toBe('admin');
    expect(finding?.evidence['vendors']).toEqual(['CNET', 'Cable And Wireless', 'Zyxel']);
    expect(finding?.evidence['sources']).toEqual(
      expect.arrayContaining([expect.stringContaining('SecLists')]),
    );
    expect(JSON.stringify(finding)).not.toContain('1234');
    // Case matters to a CPE's credential check, so it matters here.
    expect(
      ids(facts(HTTPS, { connectionRequest: { username: 'Admin', password: '1234' } })),
    ).toEqual([]);
  });

  it('flags CWMP 1.0 and 1.1, not 1.2 and later', () => {
    expect(assessPosture(facts(HTTPS, { cwmpVersion: '1.0' }))).toEqual([
      { id: 'cwmp-version-old', severity: 'low', evidence: { cwmpVersion: '1.0' } },
    ]);
    expect(ids(facts(HTTPS, { cwmpVersion: '1.1' }))).toEqual(['cwmp-version-old']);
    expect(ids(facts(HTTPS, { cwmpVersion: '1.2' }))).toEqual([]);
  });

  it('flags firmware older than the newest image of the library, with both versions', () => {
    const running = { ...HTTPS, 'Device.DeviceInfo.SoftwareVersion': '1.0.3' };
    expect(assessPosture(facts(running, { newerFirmwareVersion: '1.2.0' }))).toEqual([
      {
        id: 'firmware-outdated',
        severity: 'medium',
        evidence: { softwareVersion: '1.0.3', newestVersion: '1.2.0' },
      },
    ]);
    expect(ids(facts(running))).toEqual([]);
    // Without a known running version there is nothing to compare.
    expect(ids(facts(HTTPS, { newerFirmwareVersion: '1.2.0' }))).toEqual([]);
  });

  it('flags remote access switched on, in the ways CPEs write true', () => {
    for (const value of [true, 'true', '1', 1, 'TRUE'])
      expect(
        assessPosture(facts({ ...HTTPS, 'Device.UserInterface.RemoteAccess.Enable': value })),
      ).toEqual([
        {
          id: 'remote-access-enabled',
          severity: 'high',
          evidence: { parameter: 'Device.UserInterface.RemoteAccess.Enable', value },
        },
      ]);
    for (const value of [false, 'false', '0', 0])
      expect(ids(facts({ ...HTTPS, 'Device.UserInterface.RemoteAccess.Enable': value }))).toEqual(
        [],
      );
  });

  it('orders findings most severe first', () => {
    const worst = facts(
      { 'Device.ManagementServer.URL': 'http://acs/' },
      { cpeAuthentication: 'none', cwmpVersion: '1.0', connectionRequest: { username: '' } },
    );
    expect(assessPosture(worst).map((f) => f.severity)).toEqual([
      'critical',
      'high',
      'medium',
      'low',
    ]);
  });

  it('ships a source with every default credential', () => {
    for (const entry of DEFAULT_CREDENTIALS) expect(entry.source).toMatch(/^https:\/\//);
  });
});
