import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import {
  CreateApiKey,
  ListApiKeys,
  ListAuditLog,
  RevokeApiKey,
} from '../use-cases/admin-use-cases';
import { NbiController } from './nbi-controller.decorator';

/** Admins only (the routes say so): the audit log and API keys. */
@NbiController()
export class AdminController {
  constructor(
    private readonly listAuditLog: ListAuditLog,
    private readonly createApiKey: CreateApiKey,
    private readonly listApiKeys: ListApiKeys,
    private readonly revokeApiKey: RevokeApiKey,
  ) {}

  @Endpoint(ROUTES.listAuditLog)
  auditLog(@Input() input: InputOf<typeof ROUTES.listAuditLog>) {
    return this.listAuditLog.execute(input.query);
  }

  @Endpoint(ROUTES.createApiKey)
  createKey(@Input() input: InputOf<typeof ROUTES.createApiKey>) {
    return this.createApiKey.execute(input.body);
  }

  @Endpoint(ROUTES.listApiKeys)
  listKeys(@Input() _input: InputOf<typeof ROUTES.listApiKeys>) {
    return this.listApiKeys.execute();
  }

  @Endpoint(ROUTES.revokeApiKey)
  async revokeKey(@Input() input: InputOf<typeof ROUTES.revokeApiKey>): Promise<void> {
    await this.revokeApiKey.execute(input.params.keyId);
  }
}
