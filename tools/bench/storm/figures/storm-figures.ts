/**
 * bench:storm's figures from what it recorded, as pure functions (its own jest project, so that
 * they are tested without starting the stack the bench runs on).
 */

/** What the bench recorded over one storm. */
export interface StormSamples {
  devices: number;
  /** When the simulator was told to start (epoch ms): no Inform of the storm is earlier. */
  startedAt: number;
  /** Serial → when the device's first InformResponse arrived (epoch ms). */
  acknowledged: ReadonlyMap<string, number>;
  /** Serial → when the bench first found this storm's boot of the device in inventory (epoch ms). */
  recorded: ReadonlyMap<string, number>;
  /** Durations of the sessions the ACS admitted (answered the Inform), failed ones included. */
  admittedDurationsMs: readonly number[];
  rejected503: number;
}

export interface StormFigures {
  devices: number;
  registered: number;
  /** Devices told InformResponse whose boot inventory does not hold. */
  lost: number;
  /** From the start until the last boot was found recorded (all of them or not: see registered). */
  drainS: number;
  rejected503: number;
  p99AdmittedMs: number;
}

/** The nearest-rank percentile (q in 0..1) of `values`; 0 for none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

export function stormFigures(samples: StormSamples): StormFigures {
  let lost = 0;
  for (const serial of samples.acknowledged.keys()) if (!samples.recorded.has(serial)) lost++;
  let lastRecorded = samples.startedAt;
  for (const at of samples.recorded.values()) lastRecorded = Math.max(lastRecorded, at);
  return {
    devices: samples.devices,
    registered: samples.recorded.size,
    lost,
    drainS: Math.round((lastRecorded - samples.startedAt) / 100) / 10,
    rejected503: samples.rejected503,
    p99AdmittedMs: Math.round(percentile(samples.admittedDurationsMs, 0.99)),
  };
}

/** Peak RSS per component, in MB. */
export interface StormMemory {
  gateway: number;
  inventory: number;
  provisioning: number;
  redis: number;
  kafka: number;
}

/** The lines bench:storm prints last, in the order the issue gives. */
export function stormLines(figures: StormFigures, memory: StormMemory): string[] {
  const mb = (value: number) => Math.round(value);
  return [
    `storm_devices ${figures.devices}`,
    `storm_registered ${figures.registered}`,
    `storm_lost ${figures.lost}`,
    `storm_drain_s ${figures.drainS}`,
    `storm_rejected_503 ${figures.rejected503}`,
    `storm_p99_admitted_ms ${figures.p99AdmittedMs}`,
    `storm_peak_rss_mb gateway ${mb(memory.gateway)}, inventory ${mb(memory.inventory)}, ` +
      `provisioning ${mb(memory.provisioning)}, redis ${mb(memory.redis)}, kafka ${mb(memory.kafka)}`,
  ];
}
