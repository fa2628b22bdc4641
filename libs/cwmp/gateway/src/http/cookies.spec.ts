import { decodeSessionCookie, encodeSessionCookie } from '../request-handling/session-reference';
import { parseCookies, setCookie } from './cookies';

describe('cookies as CPEs send them', () => {
  it('reads pairs separated by semicolons or commas, with blanks and quotes', () => {
    const cookies = parseCookies(' a=1;b="two" , acs_session=s.d ;junk; =x');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['acs_session', 's.d'],
    ]);
  });

  it('writes the session cookie with the configured Path', () => {
    expect(setCookie('acs_session', 'v', '/acs')).toBe('acs_session=v; Path=/acs');
  });

  it('round-trips the session reference, device ids with dots included', () => {
    const reference = { sessionId: '6f1c-uuid', deviceId: '00D09E-HG%2E8-SN.1' };
    expect(decodeSessionCookie(encodeSessionCookie(reference))).toEqual(reference);
    expect(decodeSessionCookie('nodot')).toBeNull();
    expect(decodeSessionCookie('.x')).toBeNull();
    expect(decodeSessionCookie(undefined)).toBeNull();
  });
});
