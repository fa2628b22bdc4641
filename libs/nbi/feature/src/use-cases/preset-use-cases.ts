import { Inject, Injectable } from '@nestjs/common';
import type { Preset, PresetBody } from '@acs/contracts';
import { InvalidFilterError, validateFilter } from '@acs/device-store';
import type { ConfigurationStore, PresetStore } from '@acs/provisioning-data-access';
import { InvalidInputError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { CONFIGURATION_STORE, PRESET_STORE } from '../tokens';
import { ProvisioningChangeNotifier } from './provisioning-change';
import { deletedOrThrow, documentNotFound, replacedOrThrow } from './versioned-outcomes';

const presetNotFound = (presetId: string) => documentNotFound('preset', presetId);

/**
 * What the body schema cannot check: the filter is one the device store accepts (the same
 * whitelist as GET /devices, so provisioning can run it), and the configuration exists.
 */
@Injectable()
export class PresetChecks {
  constructor(@Inject(CONFIGURATION_STORE) private readonly configurations: ConfigurationStore) {}

  async check(body: PresetBody): Promise<void> {
    if (body.match.filter !== undefined) {
      try {
        validateFilter(body.match.filter);
      } catch (error) {
        if (!(error instanceof InvalidFilterError)) throw error;
        // The device store names the part from `filter`; here the filter sits in `match`.
        const detail = error.message.slice(error.path.length + 2);
        throw new InvalidInputError(`match.${error.path}`, detail, error.code);
      }
    }
    if (!(await this.configurations.get(body.configurationId))) {
      throw new InvalidInputError(
        'configurationId',
        `no configuration ${body.configurationId}`,
        'unknown-configuration',
      );
    }
  }
}

@Injectable()
export class CreatePreset {
  constructor(
    @Inject(PRESET_STORE) private readonly presets: PresetStore,
    private readonly checks: PresetChecks,
    private readonly notifier: ProvisioningChangeNotifier,
  ) {}

  async execute(body: PresetBody): Promise<Preset> {
    await this.checks.check(body);
    const created = await this.presets.create(body);
    await this.notifier.changed({ kind: 'preset', id: created.id });
    return created;
  }
}

@Injectable()
export class ReplacePreset {
  constructor(
    @Inject(PRESET_STORE) private readonly presets: PresetStore,
    private readonly checks: PresetChecks,
    private readonly notifier: ProvisioningChangeNotifier,
  ) {}

  async execute(presetId: string, replacement: PresetBody & { version: number }): Promise<Preset> {
    const { version, ...body } = replacement;
    await this.checks.check(body);
    const outcome = await this.presets.replace(presetId, body, version);
    const replaced = replacedOrThrow(outcome, 'preset', presetId, version);
    await this.notifier.changed({ kind: 'preset', id: presetId });
    return replaced;
  }
}

@Injectable()
export class DeletePreset {
  constructor(
    @Inject(PRESET_STORE) private readonly presets: PresetStore,
    private readonly notifier: ProvisioningChangeNotifier,
  ) {}

  async execute(presetId: string, expectedVersion?: number): Promise<void> {
    const outcome = await this.presets.delete(presetId, expectedVersion);
    deletedOrThrow(outcome, 'preset', presetId, expectedVersion);
    await this.notifier.changed({ kind: 'preset', id: presetId });
  }
}

@Injectable()
export class GetPreset {
  constructor(@Inject(PRESET_STORE) private readonly presets: PresetStore) {}

  async execute(presetId: string): Promise<Preset> {
    const preset = await this.presets.get(presetId);
    if (!preset) throw presetNotFound(presetId);
    return preset;
  }
}

@Injectable()
export class ListPresets {
  constructor(@Inject(PRESET_STORE) private readonly presets: PresetStore) {}

  async execute(page: {
    limit?: number;
    skip?: number;
  }): Promise<{ presets: Preset[]; total: number }> {
    const { items, total } = await this.presets.list({
      limit: page.limit ?? DEFAULT_PAGE_SIZE,
      skip: page.skip ?? 0,
    });
    return { presets: items, total };
  }
}

@Injectable()
export class ListPresetVersions {
  constructor(@Inject(PRESET_STORE) private readonly presets: PresetStore) {}

  async execute(presetId: string): Promise<{ versions: Preset[] }> {
    const versions = await this.presets.versions(presetId);
    if (versions.length === 0) throw presetNotFound(presetId);
    return { versions };
  }
}
