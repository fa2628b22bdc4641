import { PreviewConfiguration } from '@acs/provisioning-use-cases';
import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import {
  CreateConfiguration,
  DeleteConfiguration,
  GetConfiguration,
  ListConfigurations,
  ListConfigurationVersions,
  ReplaceConfiguration,
} from '../use-cases/configuration-use-cases';
import { previewView } from '../use-cases/views';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class ConfigurationsController {
  constructor(
    private readonly createConfiguration: CreateConfiguration,
    private readonly listConfigurations: ListConfigurations,
    private readonly getConfiguration: GetConfiguration,
    private readonly replaceConfiguration: ReplaceConfiguration,
    private readonly deleteConfiguration: DeleteConfiguration,
    private readonly listVersions: ListConfigurationVersions,
    private readonly previewConfiguration: PreviewConfiguration,
  ) {}

  @Endpoint(ROUTES.listConfigurations)
  list(@Input() input: InputOf<typeof ROUTES.listConfigurations>) {
    return this.listConfigurations.execute(input.query);
  }

  @Endpoint(ROUTES.createConfiguration)
  create(@Input() input: InputOf<typeof ROUTES.createConfiguration>) {
    return this.createConfiguration.execute(input.body);
  }

  @Endpoint(ROUTES.getConfiguration)
  get(@Input() input: InputOf<typeof ROUTES.getConfiguration>) {
    return this.getConfiguration.execute(input.params.configurationId);
  }

  @Endpoint(ROUTES.replaceConfiguration)
  replace(@Input() input: InputOf<typeof ROUTES.replaceConfiguration>) {
    return this.replaceConfiguration.execute(input.params.configurationId, input.body);
  }

  @Endpoint(ROUTES.deleteConfiguration)
  async delete(@Input() input: InputOf<typeof ROUTES.deleteConfiguration>): Promise<void> {
    await this.deleteConfiguration.execute(input.params.configurationId, input.query.version);
  }

  @Endpoint(ROUTES.listConfigurationVersions)
  versions(@Input() input: InputOf<typeof ROUTES.listConfigurationVersions>) {
    return this.listVersions.execute(input.params.configurationId);
  }

  @Endpoint(ROUTES.previewConfiguration)
  async preview(@Input() input: InputOf<typeof ROUTES.previewConfiguration>) {
    const preview = await this.previewConfiguration.execute({
      deviceId: input.params.deviceId,
      configurationId: input.query.configurationId,
    });
    return previewView(preview);
  }
}
