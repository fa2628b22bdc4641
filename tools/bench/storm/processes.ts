/**
 * The storm's processes by component, for CPU time over the storm (where the two cores went)
 * and peak RSS (VmHWM). Simulator processes are found as this process's children running the
 * fleet's shard entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { ScaledTopology } from '../../../apps/platform-e2e/src/support/scaled-topology';
import { cpuMicrosecondsOfAll } from '../gateway/process-cpu';
import { processMemory } from '../support/proc-memory';
import type { StormMemory } from './figures/storm-figures';

export interface StormProcesses {
  /** CPU µs so far by component. */
  cpu(): Map<string, number>;
  peakMemoryMb(): StormMemory;
}

const pidOf = (service: { process: { child: { pid?: number } } }) =>
  service.process.child.pid ?? -1;

export function stormProcesses(topology: ScaledTopology, ferretDbPid: number): StormProcesses {
  const components = (): [string, number[]][] => [
    ['gateways', topology.gateways.map(pidOf)],
    ['inventory', [pidOf(topology.inventory)]],
    ['provisioning', topology.provisioning.map(pidOf)],
    ['redis', [topology.redis.pid]],
    ['kafka', topology.kafka.cluster.pids()],
    ['ferretdb', [ferretDbPid]],
    ['simulator', simulatorPids()],
    ['haproxy', childPids((command) => command.includes('haproxy'))],
  ];
  const peakMb = (pids: number[], combine: (values: number[]) => number) =>
    combine(pids.map((pid) => processMemory(pid).peakKb / 1024));
  const max = (values: number[]) => Math.max(0, ...values);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    cpu: () =>
      new Map(components().map(([name, pids]) => [name, cpuMicrosecondsOfAll(pids)] as const)),
    peakMemoryMb: () => ({
      gateway: peakMb(topology.gateways.map(pidOf), max),
      inventory: peakMb([pidOf(topology.inventory)], max),
      provisioning: peakMb(topology.provisioning.map(pidOf), max),
      redis: peakMb([topology.redis.pid], max),
      kafka: peakMb(topology.kafka.cluster.pids(), sum),
    }),
  };
}

/** `storm_cpu_s gateways 12.3, ... (µs per device: ...)`: CPU seconds each took over the storm. */
export function processUsageLine(
  before: Map<string, number>,
  after: Map<string, number>,
  devices: number,
): string {
  const spent = [...after].map(([name, us]) => [name, us - (before.get(name) ?? 0)] as const);
  const seconds = spent.map(([name, us]) => `${name} ${(us / 1e6).toFixed(1)}`).join(', ');
  const perDevice = spent.map(([name, us]) => `${name} ${(us / devices).toFixed(0)}`).join(', ');
  return `storm_cpu_s ${seconds} (µs per device: ${perDevice})`;
}

function simulatorPids(): number[] {
  return childPids((command) => command.includes('shard-process'));
}

/** Direct children of this process whose command line matches. */
function childPids(matches: (command: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      if (matches(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))) pids.push(Number(entry));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return pids;
}
