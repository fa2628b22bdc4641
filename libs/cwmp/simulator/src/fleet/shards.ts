import type { SimulatorOptions } from '../runtime/simulator';

/** `total` split into `parts` integers as equal as can be, the larger ones first. */
function split(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

/**
 * One fleet's options as the options of `processes` simulators, each with its own run of
 * ordinals (so serials never repeat across processes), its share of the devices and of the
 * sessions in flight (at least one each), and, when the fleet's connection-request ports are
 * fixed, its own ports (port + index; with port 0 each process is given free ones). Processes
 * that would get no device are left out.
 */
export function shardOptions(options: SimulatorOptions, processes: number): SimulatorOptions[] {
  if (!Number.isInteger(processes) || processes < 1)
    throw new RangeError(`processes must be a positive integer, got ${processes}`);
  const concurrency = options.concurrency ?? 100;
  const shards: SimulatorOptions[] = [];
  let firstOrdinal = options.firstOrdinal ?? 0;
  for (let index = 0; index < processes; index++) {
    const devices = split(options.devices, processes, index);
    if (devices === 0) break;
    const listen = options.connectionRequests;
    shards.push({
      ...options,
      devices,
      firstOrdinal,
      concurrency: Math.max(1, split(concurrency, processes, index)),
      connectionRequests: listen && {
        host: listen.host,
        ...(listen.httpPort ? { httpPort: listen.httpPort + index } : {}),
        ...(listen.udpPort ? { udpPort: listen.udpPort + index } : {}),
      },
    });
    firstOrdinal += devices;
  }
  return shards;
}
