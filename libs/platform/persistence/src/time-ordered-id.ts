import { randomBytes } from 'crypto';

let lastMillis = 0;
let counter = 0;

/**
 * An id that sorts as text in creation order: 12 hex digits of milliseconds since the epoch, 4 of a
 * per-process counter within that millisecond, 8 random. Tasks of one device run in this order and
 * the audit log lists newest first by it, the same way in every adapter, even for several writes
 * in one millisecond. Across processes ids interleave by millisecond, which is all the order there
 * is between independent writers.
 */
export function timeOrderedId(now: Date = new Date()): string {
  let millis = now.getTime();
  if (millis <= lastMillis) {
    millis = lastMillis;
    counter += 1;
    if (counter > 0xffff) {
      // More than 65,536 ids in one millisecond: borrow the next one, keeping the order.
      millis += 1;
      counter = 0;
    }
  } else {
    counter = 0;
  }
  lastMillis = millis;
  return (
    millis.toString(16).padStart(12, '0') +
    counter.toString(16).padStart(4, '0') +
    randomBytes(4).toString('hex')
  );
}
