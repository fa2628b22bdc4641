import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ApiKeyStore } from '@acs/nbi-data-access';
import { AuditRecorder } from '../audit/audit-recorder';
import { ForbiddenError, UnauthenticatedError } from '../errors/nbi-errors';
import { httpFailureOf } from '../errors/http-mapping';
import { endpointOf } from '../http/endpoint';
import type { NbiRequest } from '../http/nbi-request';
import { API_KEY_STORE, OIDC_VERIFIER } from '../tokens';
import type { Actor } from './actor';
import { looksLikeJwt, type OidcBearerVerifier } from './oidc/oidc-bearer-verifier';
import { roleAllows } from './roles';

/** The credential a request presents: `Authorization: Bearer <key or JWT>`, else `X-API-Key: <key>`. */
export function presentedKey(request: NbiRequest): string | null {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ?? null;
  }
  const header = request.headers['x-api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  return key && key.trim() !== '' ? key.trim() : null;
}

/**
 * Authenticates the request (an API key, or a JWT from the ISP's identity provider when single
 * sign-on is configured) and checks the actor's role against the route's; a refused write is
 * audited here, since nothing after a guard runs for it.
 */
@Injectable()
export class OperatorAuthGuard implements CanActivate {
  constructor(
    @Inject(API_KEY_STORE) private readonly apiKeys: ApiKeyStore,
    @Inject(OIDC_VERIFIER) private readonly oidc: OidcBearerVerifier | null,
    private readonly audit: AuditRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const def = endpointOf(context.getHandler());
    if (!def) throw new Error(`${context.getHandler().name} has no @Endpoint`);
    const request = context.switchToHttp().getRequest<NbiRequest>();
    try {
      const actor = await this.authenticate(request);
      request.nbi = { ...request.nbi, actor };
      if (!roleAllows(actor.role, def.role)) {
        const who = actor.via === 'api-key' ? `key ${actor.name}` : actor.name;
        throw new ForbiddenError(
          `${def.operationId} needs the ${def.role} role; ${who} is ${actor.role}`,
        );
      }
      return true;
    } catch (error) {
      const failure = httpFailureOf(error);
      await this.audit.outcome(def, request, { status: failure.status, error: failure.body.error });
      throw error;
    }
  }

  private async authenticate(request: NbiRequest): Promise<Actor> {
    const secret = presentedKey(request);
    if (secret === null) {
      throw new UnauthenticatedError(
        this.oidc
          ? 'credentials are required: Authorization: Bearer <API key or token>, or X-API-Key: <key>'
          : 'an API key is required: Authorization: Bearer <key> or X-API-Key: <key>',
      );
    }
    if (this.oidc && looksLikeJwt(secret)) return this.oidc.verify(secret);
    const key = await this.apiKeys.authenticate(secret);
    if (!key) throw new UnauthenticatedError('unknown or revoked API key');
    return { id: key.id, name: key.name, role: key.role, via: 'api-key' };
  }
}
