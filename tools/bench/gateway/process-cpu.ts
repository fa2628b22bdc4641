/**
 * CPU time of processes that are not Node children (redis-server, the Kafka mock launcher), read
 * from /proc so that the bench can say where the machine's two cores went.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** User + system CPU time of `pid` (all its threads) so far, in microseconds. */
export function cpuMicrosecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain blanks) start at state; utime and stime
  // are fields 14 and 15 of the whole line, i.e. 11 and 12 after the name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / TICKS_PER_SECOND) * 1e6;
}

/** The summed CPU time of several processes (a Kafka cluster's brokers and controller). */
export function cpuMicrosecondsOfAll(pids: readonly number[]): number {
  return pids.reduce((total, pid) => total + cpuMicrosecondsOf(pid), 0);
}
