import type { IncomingMessage } from 'http';
import type { Actor } from '../auth/actor';

/** The parts of an Express request the API reads (the workspace has no @types/express). */
export interface NbiRequest extends IncomingMessage {
  method: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body?: unknown;
  /** Set along the way: by the body reader, then by the auth guard. */
  nbi?: {
    bodyError?: string;
    actor?: Actor;
    /** Which limit refused the request, for the metrics. */
    limitedBy?: 'source-address' | 'api-key' | 'expensive-queries';
  };
}
