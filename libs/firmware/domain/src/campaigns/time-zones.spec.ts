import { parsePosixTimeZone, posixOffsetMinutes } from './posix-tz';
import { insideWindow, localMinutes, serviceWindowProblem } from './service-window';

/** The IANA zone's offset at an instant, from the platform's own time zone database. */
function ianaOffsetMinutes(format: Intl.DateTimeFormat, instant: Date): number {
  const parts = format.formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

describe('POSIX TZ strings (Device.Time.LocalTimeZone)', () => {
  // Each string against the IANA zone it describes, every 30 minutes of two years: the
  // transitions (last Sunday of March at 01:00 UTC in Europe, the US's second Sunday of March,
  // the southern hemisphere's inverted summer) all fall on some sample.
  it.each([
    ['CET-1CEST,M3.5.0,M10.5.0/3', 'Europe/Berlin'],
    ['GMT0BST,M3.5.0/1,M10.5.0', 'Europe/London'],
    ['EST5EDT,M3.2.0,M11.1.0', 'America/New_York'],
    ['PST8PDT', 'America/Los_Angeles'],
    ['AEST-10AEDT,M10.1.0,M4.1.0/3', 'Australia/Sydney'],
    ['<+0530>-5:30', 'Asia/Kolkata'],
    ['<-03>3', 'America/Sao_Paulo'],
    ['JST-9', 'Asia/Tokyo'],
  ])('%s keeps the time of %s', (posix, iana) => {
    const zone = parsePosixTimeZone(posix);
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    const mismatches: string[] = [];
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 30 * 60_000) {
      const instant = new Date(t);
      const expected = ianaOffsetMinutes(format, instant);
      const actual = posixOffsetMinutes(zone, instant);
      if (actual !== expected)
        mismatches.push(`${instant.toISOString()}: ${actual} != ${expected}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('reads Julian-day rules, with and without February 29', () => {
    // J60 is March 1 in every year; 59 (zero-based) is February 29 in a leap year.
    const julian = parsePosixTimeZone('XST0XDT,J60/0,J300/0');
    const zeroBased = parsePosixTimeZone('XST0XDT,59/0,300/0');
    const at = (month: number, day: number) => new Date(Date.UTC(2028, month - 1, day, 0, 30));
    expect(posixOffsetMinutes(julian, at(2, 29))).toBe(0);
    expect(posixOffsetMinutes(julian, at(3, 1))).toBe(60);
    expect(posixOffsetMinutes(zeroBased, at(2, 28))).toBe(0);
    expect(posixOffsetMinutes(zeroBased, at(2, 29))).toBe(60);
  });

  it.each(['', 'CET', 'C-1', 'CET-1CEST,M13.5.0,M10.5.0', 'CET-1CEST;M3.5.0', 'CET-1CEST,J0,J5'])(
    'refuses %j',
    (text) => {
      expect(() => parsePosixTimeZone(text)).toThrow(/expected|bad transition|two rules/);
    },
  );
});

describe('service windows', () => {
  const night = { start: '22:00', end: '05:00', timeZone: 'Europe/Berlin' };

  it('crosses midnight in an IANA zone, summer and winter', () => {
    // 21:30 UTC in July is 23:30 in Berlin; in January 22:30.
    expect(insideWindow(night, new Date('2026-07-10T21:30:00Z'))).toBe(true);
    expect(insideWindow(night, new Date('2026-07-11T02:59:00Z'))).toBe(true);
    expect(insideWindow(night, new Date('2026-07-11T03:00:00Z'))).toBe(false);
    expect(insideWindow(night, new Date('2026-01-10T20:59:00Z'))).toBe(false);
    expect(insideWindow(night, new Date('2026-01-10T21:00:00Z'))).toBe(true);
  });

  it("uses each device's own POSIX zone, or the fallback when it has none", () => {
    const window = { start: '01:00', end: '04:00', timeZone: 'device', fallbackTimeZone: 'UTC' };
    const instant = new Date('2026-07-10T23:30:00Z');
    expect(localMinutes(window, instant, 'CET-1CEST,M3.5.0,M10.5.0/3')).toBe(90);
    expect(insideWindow(window, instant, 'CET-1CEST,M3.5.0,M10.5.0/3')).toBe(true);
    expect(insideWindow(window, instant, 'EST5EDT,M3.2.0,M11.1.0')).toBe(false);
    expect(insideWindow(window, instant, 'Asia/Tokyo')).toBe(false); // 08:30 there
    expect(insideWindow(window, instant)).toBe(false); // 23:30 UTC
    expect(insideWindow(window, instant, 'not a zone')).toBe(false);
  });

  it.each([
    [{ start: '25:00', end: '05:00', timeZone: 'UTC' }, /HH:MM/],
    [{ start: '05:00', end: '05:00', timeZone: 'UTC' }, /same time/],
    [{ start: '01:00', end: '05:00', timeZone: 'Mars/Olympus' }, /IANA/],
    [{ start: '01:00', end: '05:00', timeZone: 'device', fallbackTimeZone: 'Nowhere' }, /fallback/],
  ])('refuses a bad window %j', (window, message) => {
    expect(serviceWindowProblem(window)).toMatch(message);
  });
});
