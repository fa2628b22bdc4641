import { Inject, Injectable } from '@nestjs/common';
import type { SubscriberRecord } from '@acs/contracts';
import type { SubscriberStore } from '@acs/provisioning-data-access';
import { NotFoundError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { SUBSCRIBER_STORE } from '../tokens';
import { ProvisioningChangeNotifier } from './provisioning-change';

function subscriberNotFound(subscriberId: string): NotFoundError {
  return new NotFoundError('subscriber-not-found', `no subscriber ${subscriberId}`);
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
