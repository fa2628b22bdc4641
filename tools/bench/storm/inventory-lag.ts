/**
 * How far inventory is behind on cwmp.session-events: the end offsets less its group's committed
 * offsets. Inventory commits a batch only once the store holds it, so lag 0 with every device
 * admitted means every boot the gateways acknowledged has been written. A cheap reading (two
 * admin requests), where reading the store is a scan of the devices on FerretDB, which during a
 * storm competes with inventory's own writes: the bench reads the store only when this says it
 * is worth it, and at the deadline.
 */
import { TOPICS } from '@acs/contracts';
import type { SuiteKafka } from '@acs/testing';
import type { Admin } from 'kafkajs';

export class InventoryLag {
  private constructor(
    private readonly admin: Admin,
    private readonly topic: string,
    private readonly group: string,
  ) {}

  static async open(kafka: SuiteKafka): Promise<InventoryLag> {
    const admin = kafka.client('storm-lag').admin();
    await admin.connect();
    return new InventoryLag(admin, kafka.topic(TOPICS.sessionEvents), kafka.group('inventory'));
  }

  async messages(): Promise<number> {
    const [ends, [committed]] = await Promise.all([
      this.admin.fetchTopicOffsets(this.topic),
      this.admin.fetchOffsets({ groupId: this.group, topics: [this.topic] }),
    ]);
    const done = new Map(
      (committed?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]),
    );
    return ends.reduce((lag, { partition, high, low }) => {
      const at = done.get(partition) ?? -1;
      return lag + Number(high) - (at >= 0 ? at : Number(low));
    }, 0);
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
