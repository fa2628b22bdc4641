import type { NbiRequest } from '../http/nbi-request';
import { REDACTED, summarizeRequest } from './request-summary';

const requestOf = (parts: Partial<Pick<NbiRequest, 'params' | 'query' | 'body'>>) =>
  ({ params: {}, query: {}, ...parts }) as NbiRequest;

describe('audit request summary', () => {
  it('keeps params, query and body of an ordinary request as they are', () => {
    const body = { type: 'reboot', payload: { commandKey: 'maintenance' } };
    expect(
      summarizeRequest(requestOf({ params: { deviceId: 'd1' }, query: { limit: '5' }, body })),
    ).toEqual({ params: { deviceId: 'd1' }, query: { limit: '5' }, body });
    expect(summarizeRequest(requestOf({}))).toEqual({});
  });

  it('removes file-server credentials and password-like fields', () => {
    const summary = summarizeRequest(
      requestOf({
        body: {
          type: 'download',
          payload: { url: 'https://f/x.bin', credentials: { username: 'u', password: 'p4ss' } },
          password: 'top',
          apiKey: 'acs_abc',
        },
      }),
    );
    expect(summary).toEqual({
      body: {
        type: 'download',
        payload: { url: 'https://f/x.bin', credentials: REDACTED },
        password: REDACTED,
        apiKey: REDACTED,
      },
    });
  });

  it('removes the values of secret parameters being set, keeping their names', () => {
    const summary = summarizeRequest(
      requestOf({
        body: {
          type: 'setParameterValues',
          payload: {
            values: [
              { name: 'Device.WiFi.AccessPoint.1.Security.KeyPassphrase', value: 'wifi-pass' },
              { name: 'Device.ManagementServer.ConnectionRequestPassword', value: 'cr-pass' },
              { name: 'Device.WiFi.AccessPoint.1.Security.PreSharedKey', value: 'psk' },
              { name: 'Device.WiFi.SSID.1.SSID', value: 'home' },
            ],
          },
        },
      }),
    );
    const text = JSON.stringify(summary);
    for (const secret of ['wifi-pass', 'cr-pass', '"psk"']) expect(text).not.toContain(secret);
    expect(text).toContain('KeyPassphrase');
    expect(text).toContain('"home"');
  });

  it("removes the values of a configuration's secret parameters, keeping their paths", () => {
    const summary = summarizeRequest(
      requestOf({
        body: {
          name: 'wifi',
          parameters: [
            { path: 'Device.WiFi.AccessPoint.1.Security.KeyPassphrase', value: 'wifi-pass' },
            { path: 'Device.WiFi.SSID.1.SSID', value: 'home' },
          ],
          objects: [
            { path: 'Device.Users.User.', key: { Username: 'u' }, values: { Password: 'pw1' } },
          ],
        },
      }),
    );
    const text = JSON.stringify(summary);
    for (const secret of ['wifi-pass', 'pw1']) expect(text).not.toContain(secret);
    expect(text).toContain('KeyPassphrase');
    expect(text).toContain('"home"');
  });

  it('removes filter conditions on secret parameters', () => {
    const summary = summarizeRequest(
      requestOf({
        body: { filter: { 'parameters.Device.Users.User.1.Password': 'admin' }, add: ['weak'] },
      }),
    );
    expect(JSON.stringify(summary)).not.toContain('"admin"');
  });

  it('bounds long strings, long lists and deep nesting', () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 20; i++) cursor = cursor['next'] = {} as Record<string, unknown>;
    const summary = summarizeRequest(
      requestOf({
        body: {
          text: 'x'.repeat(10_000),
          list: Array.from({ length: 500 }, (_, i) => i),
          deep,
        },
      }),
    ) as { body: { text: string; list: unknown[]; deep: unknown } };
    expect(summary.body.text.length).toBeLessThan(600);
    expect(summary.body.text).toContain('10000 characters');
    expect(summary.body.list).toHaveLength(51);
    expect(summary.body.list[50]).toBe('… 450 more');
    expect(JSON.stringify(summary.body.deep)).toContain('[nested too deep]');
  });
});
