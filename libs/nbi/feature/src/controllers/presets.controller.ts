import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import {
  CreatePreset,
  DeletePreset,
  GetPreset,
  ListPresets,
  ListPresetVersions,
  ReplacePreset,
} from '../use-cases/preset-use-cases';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class PresetsController {
  constructor(
    private readonly createPreset: CreatePreset,
    private readonly listPresets: ListPresets,
    private readonly getPreset: GetPreset,
    private readonly replacePreset: ReplacePreset,
    private readonly deletePreset: DeletePreset,
    private readonly listVersions: ListPresetVersions,
  ) {}

  @Endpoint(ROUTES.listPresets)
  list(@Input() input: InputOf<typeof ROUTES.listPresets>) {
    return this.listPresets.execute(input.query);
  }

  @Endpoint(ROUTES.createPreset)
  create(@Input() input: InputOf<typeof ROUTES.createPreset>) {
    return this.createPreset.execute(input.body);
  }

  @Endpoint(ROUTES.getPreset)
  get(@Input() input: InputOf<typeof ROUTES.getPreset>) {
    return this.getPreset.execute(input.params.presetId);
  }

  @Endpoint(ROUTES.replacePreset)
  replace(@Input() input: InputOf<typeof ROUTES.replacePreset>) {
    return this.replacePreset.execute(input.params.presetId, input.body);
  }

  @Endpoint(ROUTES.deletePreset)
  async delete(@Input() input: InputOf<typeof ROUTES.deletePreset>): Promise<void> {
    await this.deletePreset.execute(input.params.presetId, input.query.version);
  }

  @Endpoint(ROUTES.listPresetVersions)
  versions(@Input() input: InputOf<typeof ROUTES.listPresetVersions>) {
    return this.listVersions.execute(input.params.presetId);
  }
}
