/**
 * Child process of the crash-safety spec: writes batches to an embedded store in a loop and
 * prints `acked <first> <last>` once each applyBatch has resolved. The spec SIGKILLs it and
 * checks that every acknowledged update survived. Stops by itself after MAX_UPDATES, or when
 * its stdin closes (the spec is gone).
 */
import { EmbeddedDeviceStore } from '../embedded-device-store';
import { crashUpdate } from './crash-updates';

const BATCH = 20;
const MAX_UPDATES = 200_000;

const directory = process.argv[2];
if (!directory) throw new Error('usage: crash-writer <directory>');
const store = new EmbeddedDeviceStore({ directory });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

let n = 0;
while (n < MAX_UPDATES) {
  const first = n + 1;
  const batch = Array.from({ length: BATCH }, () => crashUpdate(++n));
  await store.applyBatch(batch);
  process.stdout.write(`acked ${first} ${n}\n`);
  // Lets stdin's end be seen.
  await new Promise((resolve) => setImmediate(resolve));
}
await store.close();
