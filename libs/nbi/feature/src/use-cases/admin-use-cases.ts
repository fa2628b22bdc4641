import { Inject, Injectable } from '@nestjs/common';
import type { ApiKey, ApiKeyRole, ApiKeyStore, AuditLog, AuditPage } from '@acs/nbi-data-access';
import { NotFoundError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { API_KEY_STORE, AUDIT_LOG } from '../tokens';

@Injectable()
export class ListAuditLog {
  constructor(@Inject(AUDIT_LOG) private readonly auditLog: AuditLog) {}

  execute(input: { limit?: number; skip?: number }): Promise<AuditPage> {
    return this.auditLog.list({ limit: input.limit ?? DEFAULT_PAGE_SIZE, skip: input.skip ?? 0 });
  }
}

@Injectable()
export class CreateApiKey {
  constructor(@Inject(API_KEY_STORE) private readonly apiKeys: ApiKeyStore) {}

  async execute(input: { name: string; role: ApiKeyRole }): Promise<ApiKey & { key: string }> {
    const { apiKey, secret } = await this.apiKeys.create(input);
    return { ...apiKey, key: secret };
  }
}

@Injectable()
export class ListApiKeys {
  constructor(@Inject(API_KEY_STORE) private readonly apiKeys: ApiKeyStore) {}

  async execute(): Promise<{ apiKeys: ApiKey[] }> {
    return { apiKeys: await this.apiKeys.list() };
  }
}

@Injectable()
export class RevokeApiKey {
  constructor(@Inject(API_KEY_STORE) private readonly apiKeys: ApiKeyStore) {}

  async execute(keyId: string): Promise<void> {
    if (!(await this.apiKeys.revoke(keyId))) {
      throw new NotFoundError('api-key-not-found', `no API key ${keyId}`);
    }
  }
}
