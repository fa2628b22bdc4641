import { Inject, Injectable } from '@nestjs/common';
import type { SubscriberRecord } from '@acs/contracts';
import type { ConfigurationStore, SubscriberStore } from '@acs/provisioning-data-access';
import { InvalidSubscriberRecordError } from '@acs/provisioning-data-access';
import { InvalidInputError, NotFoundError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { CONFIGURATION_STORE, SUBSCRIBER_STORE } from '../tokens';
import { ProvisioningChangeNotifier } from './provisioning-change';

function subscriberNotFound(subscriberId: string): NotFoundError {
  return new NotFoundError('subscriber-not-found', `no subscriber ${subscriberId}`);
}

@Injectable()
export class UpsertSubscribers {
  constructor(
    @Inject(SUBSCRIBER_STORE) private readonly subscribers: SubscriberStore,
    @Inject(CONFIGURATION_STORE) private readonly configurations: ConfigurationStore,
    private readonly notifier: ProvisioningChangeNotifier,
  ) {}

  async execute(batch: { subscribers: SubscriberRecord[] }): Promise<{ upserted: number }> {
    await this.checkProfiles(batch.subscribers);
    let upserted: number;
    try {
      upserted = await this.subscribers.upsert(batch.subscribers);
    } catch (error) {
      if (!(error instanceof InvalidSubscriberRecordError)) throw error;
      throw new InvalidInputError(`subscribers[${error.index}].${error.field}`, error.detail);
    }
    for (const record of batch.subscribers) {
      await this.notifier.changed({ kind: 'subscriber', id: record.subscriberId });
    }
    return { upserted };
  }

  /** A profile names a configuration: an unknown one would be a fault on every device it reaches. */
  private async checkProfiles(records: SubscriberRecord[]): Promise<void> {
    const known = new Map<string, boolean>();
    for (const [index, record] of records.entries()) {
      if (record.profile === undefined) continue;
      let exists = known.get(record.profile);
      if (exists === undefined) {
        exists = (await this.configurations.get(record.profile)) !== null;
        known.set(record.profile, exists);
      }
      if (!exists) {
        throw new InvalidInputError(
          `subscribers[${index}].profile`,
          `no configuration ${record.profile}`,
          'unknown-configuration',
        );
      }
    }
  }
}

@Injectable()
export class GetSubscriber {
  constructor(@Inject(SUBSCRIBER_STORE) private readonly subscribers: SubscriberStore) {}

  async execute(subscriberId: string): Promise<SubscriberRecord> {
    const record = await this.subscribers.get(subscriberId);
    if (!record) throw subscriberNotFound(subscriberId);
    return record;
  }
}

@Injectable()
export class DeleteSubscriber {
  constructor(
    @Inject(SUBSCRIBER_STORE) private readonly subscribers: SubscriberStore,
    private readonly notifier: ProvisioningChangeNotifier,
  ) {}

  async execute(subscriberId: string): Promise<void> {
    if (!(await this.subscribers.delete(subscriberId))) throw subscriberNotFound(subscriberId);
    await this.notifier.changed({ kind: 'subscriber', id: subscriberId });
  }
}

@Injectable()
export class ListSubscribers {
  constructor(@Inject(SUBSCRIBER_STORE) private readonly subscribers: SubscriberStore) {}

  async execute(page: {
    limit?: number;
    skip?: number;
  }): Promise<{ subscribers: SubscriberRecord[]; total: number }> {
    return this.subscribers.list({ limit: page.limit ?? DEFAULT_PAGE_SIZE, skip: page.skip ?? 0 });
  }
}
