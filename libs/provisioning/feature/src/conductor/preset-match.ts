import type { Preset, PresetSchedule } from '@acs/contracts';
import { deviceMatches } from '@acs/device-store';
import type { DeviceView } from '@acs/provisioning-domain';

/**
 * Whether a preset applies to the device in this session: its inform events (any of), its
 * schedule window (UTC), then its filter, evaluated on provisioning's view of the device (the
 * store, the Inform, the session's answers) with the device API's query semantics. The view, not
 * the store: at first contact inventory may not have written the device yet.
 */
export function presetApplies(
  preset: Preset,
  session: { eventCodes: readonly string[]; now: Date },
  device: DeviceView,
): boolean {
  if (preset.enabled === false) return false;
  const { events, schedule, filter } = preset.match;
  if (events && !events.some((code) => session.eventCodes.includes(code))) return false;
  if (schedule && !withinSchedule(schedule, session.now)) return false;
  if (!filter || Object.keys(filter).length === 0) return true;
  return deviceMatches(filter, device);
}

export function withinSchedule(schedule: PresetSchedule, now: Date): boolean {
  const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
  const from = minutesOf(schedule.from);
  const to = minutesOf(schedule.to);
  const overMidnight = to <= from;
  const inWindow = overMidnight ? minute >= from || minute < to : minute >= from && minute < to;
  if (!inWindow) return false;
  if (!schedule.daysOfWeek) return true;
  // A window over midnight belongs to the day it started on.
  const startedYesterday = overMidnight && minute < to;
  const day = (now.getUTCDay() + (startedYesterday ? 6 : 0)) % 7;
  return schedule.daysOfWeek.includes(day);
}

/** When the schedule's window next opens after `now` (epoch ms), for the pending-work marker. */
export function nextWindowStart(schedule: PresetSchedule, now: Date): number {
  const from = minutesOf(schedule.from);
  for (let days = 0; days <= 7; days++) {
    const start = Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate() + days,
      Math.floor(from / 60),
      from % 60,
    );
    const day = new Date(start).getUTCDay();
    if (start > now.getTime() && (!schedule.daysOfWeek || schedule.daysOfWeek.includes(day))) {
      return start;
    }
  }
  return now.getTime() + 7 * 24 * 3600_000;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
