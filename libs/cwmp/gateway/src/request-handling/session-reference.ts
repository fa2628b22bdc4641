/**
 * What the session cookie carries: the session id (random, 122 bits: it is what lets a request
 * continue a session without authenticating again) and the device it belongs to.
 */
export interface SessionReference {
  sessionId: string;
  deviceId: string;
}

export function encodeSessionCookie(reference: SessionReference): string {
  // Session ids are UUIDs (no dot); device ids are percent-encoded (cookie-safe).
  return `${reference.sessionId}.${reference.deviceId}`;
}

export function decodeSessionCookie(value: string | undefined): SessionReference | null {
  if (!value) return null;
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1) return null;
  return { sessionId: value.slice(0, dot), deviceId: value.slice(dot + 1) };
}
