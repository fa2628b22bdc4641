import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AUDIT_MESSAGE_KEY, TOPICS, type AuditEntryMessage } from '@acs/contracts';
import type { EventPublisher } from '@acs/event-bus';
import type { AuditEntry, AuditLog } from '@acs/nbi-data-access';
import { AUDIT_EVENTS, AUDIT_LOG } from '../tokens';

/** Entries per read and per produce request. */
const BATCH = 100;
/** How soon a publication that failed is tried again when no new entry comes to trigger it. */
const RETRY_MS = 5_000;

export const auditMessageOf = (entry: AuditEntry): AuditEntryMessage => ({
  schemaVersion: 1,
  ...entry,
});

/**
 * Copies the stored audit entries to acs.audit for a SIEM, in chain order, from the store's
 * publication cursor. The store is the record, so the cursor moves only once Kafka has
 * acknowledged: an entry whose publish failed stays behind it and goes out on the next drain
 * (after the next write, every RETRY_MS, and at start, so a restarted pod catches up). Delivery
 * is at least once: a pod that dies between the ack and moving the cursor, or two pods draining
 * at once, publish an entry twice; the SIEM deduplicates by `seq`.
 */
@Injectable()
export class AuditForwarder implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('NbiAudit');
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(AUDIT_LOG) private readonly auditLog: AuditLog,
    @Inject(AUDIT_EVENTS) private readonly publisher: EventPublisher,
  ) {}

  onModuleInit(): void {
    void this.kick();
    this.timer = setInterval(() => void this.kick(), RETRY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.draining;
  }

  /** Publishes what is stored and not yet published; resolves when done (never rejects). */
  kick(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    const draining = (async () => {
      do {
        this.again = false;
        await this.drain();
      } while (this.again);
    })().finally(() => {
      this.draining = null;
    });
    this.draining = draining;
    return draining;
  }

  private async drain(): Promise<void> {
    try {
      let through = await this.auditLog.publishedThrough();
      for (;;) {
        const entries = await this.auditLog.after(through, BATCH);
        const last = entries[entries.length - 1];
        if (!last) return;
        await Promise.all(
          entries.map((entry) =>
            this.publisher.publish({
              topic: TOPICS.audit,
              key: AUDIT_MESSAGE_KEY,
              value: JSON.stringify(auditMessageOf(entry)),
            }),
          ),
        );
        through = last.seq;
        await this.auditLog.markPublished(through);
        if (entries.length < BATCH) return;
      }
    } catch (error) {
      this.logger.error(
        `audit entries not published to ${TOPICS.audit} yet (they stay stored and go out on ` +
          `the next try): ${(error as Error).message}`,
      );
    }
  }
}
