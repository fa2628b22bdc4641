import type {
  CredentialsProvider,
  CredentialsQuery,
  ExpectedCredentials,
} from '../../ports/credentials-provider';
import { deviceIdOf } from '../../ports/credentials-provider';

export interface CredentialsCacheOptions {
  /** How long an answer (found or not) is reused; also how late a changed password is seen. */
  ttlMs: number;
  /** Bounds memory under a flood of distinct usernames; the oldest entries go first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * A small TTL cache in front of a credentials store: a periodic-inform fleet asks for the same
 * few thousand entries over and over. Answers that found nothing are cached too, so a source
 * cycling through unknown usernames does not turn into store load.
 */
export class CachingCredentialsProvider implements CredentialsProvider {
  private readonly entries = new Map<
    string,
    { expiresAtMs: number; value: readonly ExpectedCredentials[] }
  >();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: CredentialsProvider,
    private readonly options: CredentialsCacheOptions,
  ) {
    if (!(options.ttlMs >= 0)) throw new RangeError('ttlMs must be a non-negative number');
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async find(query: CredentialsQuery): Promise<readonly ExpectedCredentials[]> {
    const key = `${query.username}\u0000${query.device ? deviceIdOf(query.device) : ''}`;
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached !== undefined && cached.expiresAtMs > now) return cached.value;
    const value = await this.inner.find(query);
    this.entries.delete(key);
    this.entries.set(key, { expiresAtMs: now + this.options.ttlMs, value });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return value;
  }

  /** Forgets everything, e.g. after the operator changed credentials. */
  clear(): void {
    this.entries.clear();
  }
}
