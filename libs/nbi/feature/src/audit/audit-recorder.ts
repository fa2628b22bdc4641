import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuditEntry, AuditLog, NewAuditEntry } from '@acs/nbi-data-access';
import { AuditUnavailableError } from '../errors/nbi-errors';
import type { EndpointDef } from '../http/endpoint';
import type { NbiRequest } from '../http/nbi-request';
import { AUDIT_LOG } from '../tokens';
import { AuditForwarder } from './audit-forwarder';
import { summarizeRequest } from './request-summary';

type AuditedEndpoint = EndpointDef & { audit: NonNullable<EndpointDef['audit']> };

export interface AuditOutcome {
  status: number;
  error?: string;
}

/**
 * Writes the audit entries of write requests. A write the guard lets through gets an intent entry
 * before it runs and an outcome entry after; a write the guard refuses gets its outcome only.
 */
@Injectable()
export class AuditRecorder {
  private readonly logger = new Logger('NbiAudit');

  constructor(
    @Inject(AUDIT_LOG) private readonly auditLog: AuditLog,
    private readonly forwarder: AuditForwarder,
  ) {}

  /**
   * Stores the intent of a write about to run. Fails closed: when the entry cannot be stored this
   * throws AuditUnavailableError (503) and the write must not run, since a write that happens
   * with no entry is exactly what an audit trail exists to rule out. Recording only after the
   * write (as before) could not refuse anything: by then the change was made.
   */
  async intent(def: AuditedEndpoint, request: NbiRequest): Promise<AuditEntry> {
    const entry = this.entryOf(def, request, 'intent');
    try {
      return await this.append(entry);
    } catch (error) {
      this.logger.error(
        `write refused, its audit entry could not be stored: ${entry.action} ${entry.target}: ${(error as Error).message}`,
      );
      throw new AuditUnavailableError();
    }
  }

  /**
   * Stores how a request ended: after the write (its intent stored), or on a refusal before it
   * (no intent). Never throws: the write has happened or been refused, and failing the answer
   * would misreport it. A lost outcome is logged; its intent, when there is one, stays stored.
   */
  async outcome(
    def: EndpointDef,
    request: NbiRequest,
    outcome: AuditOutcome,
    intent?: AuditEntry,
  ): Promise<void> {
    if (!def.audit) return;
    const entry = {
      ...this.entryOf(def as AuditedEndpoint, request, 'outcome'),
      ...(intent ? { intentId: intent.id } : {}),
      status: outcome.status,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    };
    try {
      await this.append(entry);
    } catch (error) {
      this.logger.error(
        `audit outcome lost: ${entry.action} ${entry.target} → ${entry.status}: ${(error as Error).message}`,
      );
    }
  }

  private async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const stored = await this.auditLog.append(entry);
    void this.forwarder.kick();
    return stored;
  }

  private entryOf(
    def: AuditedEndpoint,
    request: NbiRequest,
    phase: NewAuditEntry['phase'],
  ): NewAuditEntry {
    const actor = request.nbi?.actor;
    return {
      phase,
      who: { keyId: actor?.id ?? null, keyName: actor?.name ?? null },
      action: def.audit.action,
      target: def.audit.target(request.params ?? {}),
      request: summarizeRequest(request),
    };
  }
}
