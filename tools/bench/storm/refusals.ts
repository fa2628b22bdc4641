/**
 * Where a storm's 503s came from: a CPE sees the same status from a gateway whose admission
 * budget is spent (with Retry-After), from a gateway whose Kafka or Redis failed (with
 * Retry-After), and from the load balancer when no gateway passes its health check (without).
 * The gateways count the first two; the rest of the simulator's 503s were the balancer's.
 */
import { scrapeMetrics } from '@acs/testing';

export interface Refusals {
  budget: number;
  dependency: number;
}

export async function gatewayRefusals(opsUrls: readonly string[]): Promise<Refusals> {
  const total = { budget: 0, dependency: 0 };
  for (const url of opsUrls) {
    const families = await scrapeMetrics(url).catch(() => undefined);
    const sum = (name: string) =>
      (families?.get(name)?.samples ?? []).reduce((all, sample) => all + sample.value, 0);
    total.budget += sum('acs_gateway_admission_rejections_total');
    total.dependency += sum('acs_gateway_dependency_failures_total');
  }
  return total;
}

/** `storm_503_by_source gateway_budget N, gateway_dependency N, balancer N` */
export function refusalsLine(refusals: Refusals, rejected503: number): string {
  const balancer = Math.max(0, rejected503 - refusals.budget - refusals.dependency);
  return (
    `storm_503_by_source gateway_budget ${refusals.budget}, ` +
    `gateway_dependency ${refusals.dependency}, balancer ${balancer}`
  );
}
