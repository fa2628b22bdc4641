import type { ApiKeyRole } from '@acs/nbi-data-access';

/** Who a request acts for: an API key, or a user or service signed in at the ISP's OIDC provider. */
export interface Actor {
  /** The key's id, or `oidc:<subject>`: what the audit log records as the actor's id. */
  id: string;
  /** The key's name, or the token's preferred_username (else email, else subject). */
  name: string;
  role: ApiKeyRole;
  via: 'api-key' | 'oidc';
}
