import { waitFor as waitUntil } from '@acs/testing';

/** @acs/testing's waitFor with the event-bus specs' deadline (Kafka group joins on a loaded CI). */
export const waitFor = (
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> => waitUntil(condition, what, timeoutMs);
