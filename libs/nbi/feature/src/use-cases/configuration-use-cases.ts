import { Inject, Injectable } from '@nestjs/common';
import type { Configuration, ConfigurationBody } from '@acs/contracts';
import type {
  ConfigurationStore,
  PresetStore,
  SubscriberStore,
} from '@acs/provisioning-data-access';
import { configurationTemplateProblem, TEMPLATE_FORMS } from '@acs/provisioning-domain';
import { ConflictError, InvalidInputError } from '../errors/nbi-errors';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { CONFIGURATION_STORE, PRESET_STORE, SUBSCRIBER_STORE } from '../tokens';
import { ProvisioningChangeNotifier } from './provisioning-change';
import { deletedOrThrow, documentNotFound, replacedOrThrow } from './versioned-outcomes';

const configurationNotFound = (configurationId: string) =>
  documentNotFound('configuration', configurationId);

/**
 * A value with a `{{` that is no valid template would be written literally into every device the
 * configuration reaches (`isp-{{serialNumber}}` as an SSID): refused before it is stored.
 */
function refuseMalformedTemplates(body: ConfigurationBody): void {
  const problem = configurationTemplateProblem(body);
  if (!problem) return;
  throw new InvalidInputError(
    problem.field,
    `${problem.template} is not a valid template (${problem.reason}); templates are ${TEMPLATE_FORMS}`,
    'invalid-template',
  );
}

@Injectable()
export class CreateConfiguration {
  constructor(
    @Inject(CONFIGURATION_STORE) private readonly configurations: ConfigurationStore,
    private readonly notifier: ProvisioningChangeNotifier,
  ) {}

  async execute(body: ConfigurationBody): Promise<Configuration> {
    refuseMalformedTemplates(body);
    const created = await this.configurations.create(body);
    await this.notifier.changed({ kind: 'configuration', id: created.id });
    return created;
  }
}

@Injectable()
export class ReplaceConfiguration {
  constructor(
    @Inject(CONFIGURATION_STORE) private readonly configurations: ConfigurationStore,
    private readonly notifier: ProvisioningChangeNotifier,
  ) {}

  async execute(
    configurationId: string,
    replacement: ConfigurationBody & { version: number },
  ): Promise<Configuration> {
    const { version, ...body } = replacement;
    refuseMalformedTemplates(body);
    const outcome = await this.configurations.replace(configurationId, body, version);
    const replaced = replacedOrThrow(outcome, 'configuration', configurationId, version);
    await this.notifier.changed({ kind: 'configuration', id: configurationId });
    return replaced;
  }
}

@Injectable()
export class DeleteConfiguration {
  constructor(
    @Inject(CONFIGURATION_STORE) private readonly configurations: ConfigurationStore,
    @Inject(PRESET_STORE) private readonly presets: PresetStore,
    @Inject(SUBSCRIBER_STORE) private readonly subscribers: SubscriberStore,
    private readonly notifier: ProvisioningChangeNotifier,
  ) {}

  /**
   * A configuration in use stays: deleting it would leave presets and subscribers pointing at
   * nothing. (Checked before the delete; a preset created in between is the one race left open.)
   */
  async execute(configurationId: string, expectedVersion?: number): Promise<void> {
    const presets = await this.presets.presetsUsing(configurationId);
    if (presets.length > 0) {
      throw new ConflictError(
        'configuration-in-use',
        `configuration ${configurationId} is applied by preset(s) ${presets.join(', ')}`,
      );
    }
    const subscribers = await this.subscribers.subscribersWithProfile(configurationId, 5);
    if (subscribers.length > 0) {
      throw new ConflictError(
        'configuration-in-use',
        `configuration ${configurationId} is the profile of subscriber(s) ${subscribers.join(', ')}`,
      );
    }
    const outcome = await this.configurations.delete(configurationId, expectedVersion);
    deletedOrThrow(outcome, 'configuration', configurationId, expectedVersion);
    await this.notifier.changed({ kind: 'configuration', id: configurationId });
  }
}

@Injectable()
export class GetConfiguration {
  constructor(@Inject(CONFIGURATION_STORE) private readonly configurations: ConfigurationStore) {}

  async execute(configurationId: string): Promise<Configuration> {
    const configuration = await this.configurations.get(configurationId);
    if (!configuration) throw configurationNotFound(configurationId);
    return configuration;
  }
}

@Injectable()
export class ListConfigurations {
  constructor(@Inject(CONFIGURATION_STORE) private readonly configurations: ConfigurationStore) {}

  async execute(page: {
    limit?: number;
    skip?: number;
  }): Promise<{ configurations: Configuration[]; total: number }> {
    const { items, total } = await this.configurations.list({
      limit: page.limit ?? DEFAULT_PAGE_SIZE,
      skip: page.skip ?? 0,
    });
    return { configurations: items, total };
  }
}

@Injectable()
export class ListConfigurationVersions {
  constructor(@Inject(CONFIGURATION_STORE) private readonly configurations: ConfigurationStore) {}

  async execute(configurationId: string): Promise<{ versions: Configuration[] }> {
    const versions = await this.configurations.versions(configurationId);
    if (versions.length === 0) throw configurationNotFound(configurationId);
    return { versions };
  }
}
