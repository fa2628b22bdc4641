import { readFileSync } from 'node:fs';

/**
 * VmRSS and VmHWM (the kernel's high-water mark of RSS, exact where sampling could miss a peak)
 * of a process, in kB, from /proc: for Node children, redis-server and the Kafka JVMs alike.
 */
export function processMemory(pid: number): { rssKb: number; peakKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
  return { rssKb: kb('VmRSS'), peakKb: kb('VmHWM') };
}
