import { LoadSubscribers } from '@acs/provisioning-use-cases';
import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import {
  DeleteSubscriber,
  GetSubscriber,
  ListSubscribers,
} from '../use-cases/subscriber-use-cases';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class SubscribersController {
  constructor(
    private readonly loadSubscribers: LoadSubscribers,
    private readonly listSubscribers: ListSubscribers,
    private readonly getSubscriber: GetSubscriber,
    private readonly deleteSubscriber: DeleteSubscriber,
  ) {}

  @Endpoint(ROUTES.listSubscribers)
  list(@Input() input: InputOf<typeof ROUTES.listSubscribers>) {
    return this.listSubscribers.execute(input.query);
  }

  @Endpoint(ROUTES.upsertSubscribers)
  upsert(@Input() input: InputOf<typeof ROUTES.upsertSubscribers>) {
    return this.loadSubscribers.execute({ records: input.body.subscribers });
  }

  @Endpoint(ROUTES.getSubscriber)
  get(@Input() input: InputOf<typeof ROUTES.getSubscriber>) {
    return this.getSubscriber.execute(input.params.subscriberId);
  }

  @Endpoint(ROUTES.deleteSubscriber)
  async delete(@Input() input: InputOf<typeof ROUTES.deleteSubscriber>): Promise<void> {
    await this.deleteSubscriber.execute(input.params.subscriberId);
  }
}
