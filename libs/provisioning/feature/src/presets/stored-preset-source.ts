import type { Configuration } from '@acs/contracts';
import type { ConfigurationStore, PresetStore } from '@acs/provisioning-data-access';
import type { PresetSnapshot, PresetSource } from '../ports';

const PAGE = 1_000;

/**
 * Presets and configurations as provisioning evaluates them, re-read only when their shared
 * revision moved. The revision is checked at most once per `maxStalenessMs`, so a session never
 * pays a store read for it; a change reaches devices within that time.
 */
export class StoredPresetSource implements PresetSource {
  private cached: { snapshot: PresetSnapshot; checkedAt: number } | null = null;
  private loading: Promise<PresetSnapshot> | null = null;

  constructor(
    private readonly presets: PresetStore,
    private readonly configurations: ConfigurationStore,
    private readonly maxStalenessMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  async snapshot(): Promise<PresetSnapshot> {
    if (this.cached && this.now() - this.cached.checkedAt < this.maxStalenessMs) {
      return this.cached.snapshot;
    }
    this.loading ??= this.refresh().finally(() => (this.loading = null));
    return this.loading;
  }

  /** Forgets the cache: the next snapshot reads the stores (after a change made in this process). */
  invalidate(): void {
    this.cached = null;
  }

  private async refresh(): Promise<PresetSnapshot> {
    const checkedAt = this.now();
    const revision = await this.presets.revision();
    if (this.cached?.snapshot.revision === revision) {
      this.cached = { ...this.cached, checkedAt };
      return this.cached.snapshot;
    }
    for (;;) {
      const before = await this.presets.revision();
      const [presets, configurations] = await Promise.all([
        this.presets.listEnabledPresets(),
        this.allConfigurations(),
      ]);
      // A change between the two reads would mix versions: read again at the newer revision.
      if ((await this.presets.revision()) !== before) continue;
      const snapshot = { revision: before, presets, configurations };
      this.cached = { snapshot, checkedAt };
      return snapshot;
    }
  }

  private async allConfigurations(): Promise<Map<string, Configuration>> {
    const all = new Map<string, Configuration>();
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.configurations.list({ limit: PAGE, skip });
      for (const configuration of page.items) all.set(configuration.id, configuration);
      if (page.items.length < PAGE) return all;
    }
  }
}
