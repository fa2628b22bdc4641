/** `SIM%06d` with 42 → `SIM000042`. Exactly one `%d` or `%0Nd` placeholder is required. */
export function formatSerial(pattern: string, ordinal: number): string {
  const placeholders = pattern.match(/%0?\d*d/g) ?? [];
  if (placeholders.length !== 1) {
    throw new RangeError(`serial pattern "${pattern}" needs exactly one %d or %0Nd placeholder`);
  }
  return pattern.replace(/%(0?)(\d*)d/, (_match, zero: string, width: string) =>
    String(ordinal).padStart(width ? Number(width) : 0, zero ? '0' : ' '),
  );
}
