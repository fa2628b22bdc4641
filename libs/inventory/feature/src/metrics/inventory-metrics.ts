import { Registry } from 'prom-client';
import { ConsumerMetrics, StoreMetrics } from '@acs/observability';

/**
 * Inventory's Prometheus metrics, in a registry of its own (the all-in-one app serves it beside
 * the other modules'). Filled by decorators of its consumer and device-store ports.
 */
export class InventoryMetrics {
  readonly registry = new Registry();
  readonly consumer = new ConsumerMetrics(this.registry, 'inventory');
  readonly stores = new StoreMetrics(this.registry, 'inventory');
}
