import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuditLog } from '@acs/nbi-data-access';
import type { EndpointDef } from '../http/endpoint';
import type { NbiRequest } from '../http/nbi-request';
import { AUDIT_LOG } from '../tokens';
import { summarizeRequest } from './request-summary';

/** Appends one audit entry per write request, whatever its outcome. */
@Injectable()
export class AuditRecorder {
  private readonly logger = new Logger('NbiAudit');

  constructor(@Inject(AUDIT_LOG) private readonly auditLog: AuditLog) {}

  /**
   * Records the request when its route is a write. Never throws: the write has already happened
   * or been refused, and failing the answer would misreport it; a lost entry is logged as an error.
   */
  async record(
    def: EndpointDef,
    request: NbiRequest,
    outcome: { status: number; error?: string },
  ): Promise<void> {
    if (!def.audit) return;
    const actor = request.nbi?.actor;
    const entry = {
      who: { keyId: actor?.id ?? null, keyName: actor?.name ?? null },
      action: def.audit.action,
      target: def.audit.target(request.params ?? {}),
      request: summarizeRequest(request),
      status: outcome.status,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    };
    try {
      await this.auditLog.append(entry);
    } catch (error) {
      this.logger.error(
        `audit entry lost: ${entry.action} ${entry.target} → ${entry.status}: ${(error as Error).message}`,
      );
    }
  }
}
