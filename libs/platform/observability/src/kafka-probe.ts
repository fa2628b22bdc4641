import type { Admin, Kafka } from 'kafkajs';

/**
 * Kafka's readiness: the cluster's metadata through an admin client of the probe's own, opened at
 * the first probe and kept (a fresh connection per probe would cost the brokers more than the
 * probe tells). kafkajs reconnects it after a broker comes back.
 */
export class KafkaReadinessProbe {
  private admin: Admin | undefined;

  constructor(private readonly kafka: Kafka) {}

  readonly probe = async (): Promise<void> => {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      this.admin = admin;
    }
    await this.admin.describeCluster();
  };

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect();
  }
}
