import { Simulator, SimulatorFleet, type FleetStats } from '@acs/cpe-simulator';
import type { CliOptions } from './cli-options';

/** The simulator the CLI runs, in this process or spread over several: what it reports. */
export interface Simulation {
  /** Statistics so far; RSS summed over every process of the simulation, this one included. */
  figures(): Promise<FleetStats>;
  /** Stops every device (running sessions finish); the final figures. */
  stop(): Promise<FleetStats>;
}

export async function startSimulation(options: CliOptions): Promise<Simulation> {
  if (options.processes === 1) {
    const simulator = new Simulator(options.simulator);
    await simulator.start();
    const figures = (): FleetStats => ({
      stats: simulator.stats(),
      rssBytes: process.memoryUsage().rss,
      processes: 1,
    });
    return {
      figures: () => Promise.resolve(figures()),
      stop: async () => {
        await simulator.stop();
        return figures();
      },
    };
  }
  const fleet = await SimulatorFleet.start(options.simulator, options.processes);
  const withThisProcess = (fleetStats: FleetStats): FleetStats => ({
    stats: fleetStats.stats,
    rssBytes: fleetStats.rssBytes + process.memoryUsage().rss,
    processes: fleetStats.processes + 1,
  });
  return {
    figures: async () => withThisProcess(await fleet.stats()),
    stop: async () => withThisProcess(await fleet.stop()),
  };
}
