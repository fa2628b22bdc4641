import { validateSubscriberRecord, type SubscriberRecord } from '@acs/contracts';
import type { SubscriberStore } from '@acs/provisioning-data-access';
import type { ProvisioningLog, SubscriberLookup } from '../ports';

export interface OssEndpointSettings {
  /** `GET <url>?deviceId=&oui=&productClass=&serialNumber=` → a SubscriberRecord, or 404. */
  url: string;
  timeoutMs: number;
  /** Further tries after a network error, a timeout or a 5xx (not after a 404 or a bad answer). */
  retries: number;
  /** How long an answer (a record or "none") is reused before the endpoint is asked again. */
  cacheTtlMs: number;
  /** Most answers kept. */
  cacheSize: number;
}

type Identity = Parameters<SubscriberLookup['find']>[0];

/**
 * Subscriber data from the store first, else from the OSS/BSS over HTTP: a record it returns is
 * validated and stored (so the next lookup, on any instance, is local). Answers are cached for a
 * while, misses too, so a boot storm of unknown devices does not become a storm on the OSS; an
 * OSS that is down or answers nonsense yields "no record" and a warning, never a crash.
 */
export class OssSubscriberLookup implements SubscriberLookup {
  private readonly cache = new Map<string, { record: SubscriberRecord | null; until: number }>();

  constructor(
    private readonly store: SubscriberStore,
    private readonly settings: OssEndpointSettings,
    private readonly log: ProvisioningLog,
    private readonly now: () => number = Date.now,
  ) {}

  async find(identity: Identity): Promise<SubscriberRecord | null> {
    const stored = await this.store.findForDevice(identity);
    if (stored) return stored;
    const cached = this.cache.get(identity.deviceId);
    if (cached && cached.until > this.now()) return cached.record;
    const record = await this.fetch(identity);
    const kept = record && (await this.keep(record));
    this.remember(identity.deviceId, kept);
    return kept;
  }

  /** Stores what the OSS returned; one the store refuses (names no device) counts as none. */
  private async keep(record: SubscriberRecord): Promise<SubscriberRecord | null> {
    try {
      await this.store.upsert([record]);
      return record;
    } catch (error) {
      this.log.warn('OSS subscriber record refused by the store', { error: String(error) });
      return null;
    }
  }

  private async fetch(identity: Identity): Promise<SubscriberRecord | null> {
    const url = new URL(this.settings.url);
    url.searchParams.set('deviceId', identity.deviceId);
    url.searchParams.set('oui', identity.oui);
    url.searchParams.set('productClass', identity.productClass);
    url.searchParams.set('serialNumber', identity.serialNumber);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.ask(url);
      if (outcome.kind === 'answer') return outcome.record;
      if (attempt >= this.settings.retries) {
        this.log.warn('OSS subscriber lookup failed', {
          deviceId: identity.deviceId,
          reason: outcome.reason,
        });
        return null;
      }
    }
  }

  private async ask(
    url: URL,
  ): Promise<
    { kind: 'answer'; record: SubscriberRecord | null } | { kind: 'retry'; reason: string }
  > {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      return { kind: 'retry', reason: error instanceof Error ? error.name : String(error) };
    }
    if (response.status === 404) return { kind: 'answer', record: null };
    if (response.status >= 500) return { kind: 'retry', reason: `HTTP ${response.status}` };
    if (response.status !== 200) {
      this.log.warn('OSS subscriber lookup refused', { status: response.status });
      return { kind: 'answer', record: null };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      this.log.warn('OSS subscriber lookup answered something that is not JSON');
      return { kind: 'answer', record: null };
    }
    const checked = validateSubscriberRecord(body);
    if (!checked.ok) {
      this.log.warn('OSS subscriber record invalid', { errors: checked.errors });
      return { kind: 'answer', record: null };
    }
    return { kind: 'answer', record: checked.value };
  }

  private remember(deviceId: string, record: SubscriberRecord | null): void {
    if (this.cache.size >= this.settings.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(deviceId, { record, until: this.now() + this.settings.cacheTtlMs });
  }
}

/** The subscriber lookup a service runs: the store alone, or the store then the OSS endpoint. */
export function subscriberLookup(
  store: SubscriberStore,
  endpoint: OssEndpointSettings | null,
  log: ProvisioningLog,
): SubscriberLookup {
  if (endpoint) return new OssSubscriberLookup(store, endpoint, log);
  return { find: (identity) => store.findForDevice(identity) };
}
