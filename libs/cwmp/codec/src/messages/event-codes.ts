/** Inform EventCodes of TR-069 Amendment 6 (Table 7). */
export const STANDARD_EVENT_CODES = [
  '0 BOOTSTRAP',
  '1 BOOT',
  '2 PERIODIC',
  '3 SCHEDULED',
  '4 VALUE CHANGE',
  '5 KICKED',
  '6 CONNECTION REQUEST',
  '7 TRANSFER COMPLETE',
  '8 DIAGNOSTICS COMPLETE',
  '9 REQUEST DOWNLOAD',
  '10 AUTONOMOUS TRANSFER COMPLETE',
  '11 DU STATE CHANGE COMPLETE',
  '12 AUTONOMOUS DU STATE CHANGE COMPLETE',
  '13 WAKEUP',
  '14 HEARTBEAT',
  'M Reboot',
  'M ScheduleInform',
  'M Download',
  'M ScheduleDownload',
  'M Upload',
  'M ChangeDUState',
] as const;

const STANDARD = new Set<string>(STANDARD_EVENT_CODES);
/** Vendor events: `M X_<OUI or name>_...` and `X <OUI> <name>`. */
const VENDOR = /^(M X_\S+|X [0-9A-Fa-f]{6} .+)$/;

export function isKnownEventCode(code: string): boolean {
  return STANDARD.has(code) || VENDOR.test(code);
}
