import type { ServiceWindow } from './campaign-plan';
import { parsePosixTimeZone, posixOffsetMinutes, type PosixTimeZone } from './posix-tz';

/** The window's time zone when each device's own is meant. */
export const DEVICE_TIME_ZONE = 'device';

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(clock: string): number | null {
  const match = CLOCK.exec(clock);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isIanaTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with a window, or null. */
export function serviceWindowProblem(window: ServiceWindow): string | null {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === null || end === null) return 'start and end are HH:MM (00:00 to 23:59)';
  if (start === end) return 'start and end are the same time (leave the window out for any time)';
  if (window.timeZone !== DEVICE_TIME_ZONE && !isIanaTimeZone(window.timeZone))
    return `"${window.timeZone}" is neither an IANA time zone nor "${DEVICE_TIME_ZONE}"`;
  if (window.fallbackTimeZone !== undefined && !isIanaTimeZone(window.fallbackTimeZone))
    return `fallback "${window.fallbackTimeZone}" is not an IANA time zone`;
  return null;
}

const posixZones = new Map<string, PosixTimeZone | null>();

function posixZone(text: string): PosixTimeZone | null {
  if (!posixZones.has(text)) {
    let zone: PosixTimeZone | null = null;
    try {
      zone = parsePosixTimeZone(text);
    } catch {
      zone = null;
    }
    // Fleets share a handful of zone strings: the cache stays small.
    if (posixZones.size > 10_000) posixZones.clear();
    posixZones.set(text, zone);
  }
  return posixZones.get(text) ?? null;
}

/**
 * Minutes since local midnight at `now`. In a device's zone: its POSIX TZ string when it parses,
 * or an IANA name some CPEs report there instead, else the window's fallback (UTC without one).
 */
export function localMinutes(window: ServiceWindow, now: Date, deviceZone?: string): number {
  if (window.timeZone === DEVICE_TIME_ZONE) {
    const zone = deviceZone ? posixZone(deviceZone) : null;
    if (zone) {
      const local = now.getTime() + posixOffsetMinutes(zone, now) * 60_000;
      return Math.floor((((local / 60_000) % 1440) + 1440) % 1440);
    }
    const named = deviceZone && isIanaTimeZone(deviceZone) ? deviceZone : undefined;
    return ianaMinutes(named ?? window.fallbackTimeZone ?? 'UTC', now);
  }
  return ianaMinutes(window.timeZone, now);
}

function ianaMinutes(timeZone: string, now: Date): number {
  const parts = formatterFor(timeZone).formatToParts(now);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value);
  return hour * 60 + minute;
}

/** Whether `now` falls in the window (for a device in its own zone, given it). */
export function insideWindow(window: ServiceWindow, now: Date, deviceZone?: string): boolean {
  const start = minutesOf(window.start) ?? 0;
  const end = minutesOf(window.end) ?? 0;
  const minutes = localMinutes(window, now, deviceZone);
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}
