/**
 * POSIX TZ strings as TR-181 Device.Time.LocalTimeZone holds them (`CET-1CEST,M3.5.0,M10.5.0/3`,
 * `EST5EDT`, `<+0530>-5:30`, `AEST-10AEDT,M10.1.0,M4.1.0/3`): parsed once into offsets and rules,
 * then asked for the local time at an instant. The sign is POSIX's: `CET-1` is one hour east.
 */
export interface PosixTimeZone {
  /** Minutes to add to UTC for local standard time (east positive, unlike the string). */
  readonly standardMinutes: number;
  readonly daylight?: {
    readonly minutes: number;
    readonly start: TransitionRule;
    readonly end: TransitionRule;
  };
}

type TransitionDate =
  | { readonly kind: 'julian-no-leap'; readonly day: number }
  | { readonly kind: 'zero-based'; readonly day: number }
  | {
      readonly kind: 'month-week-day';
      readonly month: number;
      readonly week: number;
      readonly weekday: number;
    };

interface TransitionRule {
  readonly date: TransitionDate;
  /** Seconds after local midnight (may be negative or past 24 h, as the extended form allows). */
  readonly seconds: number;
}

export class InvalidPosixTimeZoneError extends Error {
  override readonly name = 'InvalidPosixTimeZoneError';
}

// glibc's default rule when a daylight name comes without one: the United States' since 2007.
const DEFAULT_RULES = 'M3.2.0,M11.1.0';
const NAME = /^(?:<[A-Za-z0-9+-]{3,}>|[A-Za-z]{3,})/;
const OFFSET = /^[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?/;

/** Parses a POSIX TZ string; InvalidPosixTimeZoneError says where it stops making sense. */
export function parsePosixTimeZone(text: string): PosixTimeZone {
  let rest = text.trim();
  const take = (pattern: RegExp, what: string): string => {
    const match = pattern.exec(rest);
    if (!match) throw new InvalidPosixTimeZoneError(`"${text}": expected ${what} at "${rest}"`);
    rest = rest.slice(match[0].length);
    return match[0];
  };
  take(NAME, 'a standard time name');
  const standardMinutes = eastMinutes(take(OFFSET, 'an offset'));
  if (rest === '') return { standardMinutes };
  take(NAME, 'a daylight time name');
  const daylightMinutes = OFFSET.test(rest)
    ? eastMinutes(take(OFFSET, 'an offset'))
    : standardMinutes + 60;
  const rules = rest === '' ? DEFAULT_RULES : rest.startsWith(',') ? rest.slice(1) : null;
  if (rules === null)
    throw new InvalidPosixTimeZoneError(`"${text}": expected ",rules" at "${rest}"`);
  const parts = rules.split(',');
  if (parts.length !== 2) throw new InvalidPosixTimeZoneError(`"${text}": expected two rules`);
  return {
    standardMinutes,
    daylight: {
      minutes: daylightMinutes,
      start: ruleOf(parts[0] ?? '', text),
      end: ruleOf(parts[1] ?? '', text),
    },
  };
}

/** POSIX offsets count west of UTC; ours count east (and never as -0). */
function eastMinutes(offset: string): number {
  return 0 - secondsOf(offset) / 60 + 0;
}

function secondsOf(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours = 0, minutes = 0, seconds = 0] = offset.replace(/^[+-]/, '').split(':').map(Number);
  return sign * (hours * 3600 + minutes * 60 + seconds);
}

function ruleOf(rule: string, text: string): TransitionRule {
  const [date = '', time] = rule.split('/');
  const seconds = time === undefined ? 7200 : secondsOf(time);
  const fail = () => new InvalidPosixTimeZoneError(`"${text}": bad transition rule "${rule}"`);
  if (!/^[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?$/.test(time ?? '0')) throw fail();
  let match = /^M(\d{1,2})\.(\d)\.(\d)$/.exec(date);
  if (match) {
    const [month, week, weekday] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (month < 1 || month > 12 || week < 1 || week > 5 || weekday > 6) throw fail();
    return { date: { kind: 'month-week-day', month, week, weekday }, seconds };
  }
  match = /^J(\d{1,3})$/.exec(date);
  if (match) {
    const day = Number(match[1]);
    if (day < 1 || day > 365) throw fail();
    return { date: { kind: 'julian-no-leap', day }, seconds };
  }
  if (/^\d{1,3}$/.test(date) && Number(date) <= 365)
    return { date: { kind: 'zero-based', day: Number(date) }, seconds };
  throw fail();
}

const DAY_MS = 86_400_000;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Epoch ms of 00:00 of the rule's day in `year`, as if local time were UTC. */
function dayStart(date: TransitionDate, year: number): number {
  const january1 = Date.UTC(year, 0, 1);
  switch (date.kind) {
    case 'zero-based':
      return january1 + date.day * DAY_MS;
    case 'julian-no-leap': {
      // Feb 29 is never counted: from March on, a leap year is one day further along.
      const shift = isLeap(year) && date.day >= 60 ? 1 : 0;
      return january1 + (date.day - 1 + shift) * DAY_MS;
    }
    case 'month-week-day': {
      const first = Date.UTC(year, date.month - 1, 1);
      const firstWeekday = new Date(first).getUTCDay();
      let day = 1 + ((date.weekday - firstWeekday + 7) % 7) + (date.week - 1) * 7;
      const daysInMonth = new Date(Date.UTC(year, date.month, 0)).getUTCDate();
      while (day > daysInMonth) day -= 7;
      return Date.UTC(year, date.month - 1, day);
    }
  }
}

/** Minutes east of UTC the zone's local time is at `instant`. */
export function posixOffsetMinutes(zone: PosixTimeZone, instant: Date): number {
  const { daylight, standardMinutes } = zone;
  if (!daylight) return standardMinutes;
  const year = new Date(instant.getTime() + standardMinutes * 60_000).getUTCFullYear();
  // A start is given in standard time, an end in daylight time.
  const start =
    dayStart(daylight.start.date, year) + daylight.start.seconds * 1000 - standardMinutes * 60_000;
  const end =
    dayStart(daylight.end.date, year) + daylight.end.seconds * 1000 - daylight.minutes * 60_000;
  const t = instant.getTime();
  const inDaylight = start < end ? t >= start && t < end : t >= start || t < end;
  return inDaylight ? daylight.minutes : standardMinutes;
}
