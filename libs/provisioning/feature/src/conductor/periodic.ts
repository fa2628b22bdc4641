/**
 * Inform events that by themselves ask for nothing: a device checking in on schedule. Only
 * sessions opened for these alone may take the fast path; any other event (boot, bootstrap, value
 * change, connection request, transfer complete, ...) is a reason to look at the device.
 */
const ROUTINE_EVENTS = new Set(['2 PERIODIC', '14 HEARTBEAT']);

export function isPeriodicOnly(eventCodes: readonly string[]): boolean {
  return eventCodes.length > 0 && eventCodes.every((code) => ROUTINE_EVENTS.has(code.trim()));
}
