import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import { ClearFault, ListFaults } from '../use-cases/fault-use-cases';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class FaultsController {
  constructor(
    private readonly listFaults: ListFaults,
    private readonly clearFault: ClearFault,
  ) {}

  @Endpoint(ROUTES.listFaults)
  list(@Input() input: InputOf<typeof ROUTES.listFaults>) {
    return this.listFaults.execute(input.query);
  }

  @Endpoint(ROUTES.clearFault)
  async clear(@Input() input: InputOf<typeof ROUTES.clearFault>): Promise<void> {
    await this.clearFault.execute(input.params.faultId);
  }
}
