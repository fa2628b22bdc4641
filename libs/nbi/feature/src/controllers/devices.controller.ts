import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import { DeleteDevice, GetDevice, ListDevices } from '../use-cases/device-use-cases';
import { ChangeDeviceTag, ChangeTagsByFilter } from '../use-cases/tag-use-cases';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class DevicesController {
  constructor(
    private readonly listDevices: ListDevices,
    private readonly getDevice: GetDevice,
    private readonly deleteDevice: DeleteDevice,
    private readonly changeDeviceTag: ChangeDeviceTag,
    private readonly changeTagsByFilter: ChangeTagsByFilter,
  ) {}

  @Endpoint(ROUTES.listDevices)
  list(@Input() input: InputOf<typeof ROUTES.listDevices>) {
    return this.listDevices.execute(input.query);
  }

  @Endpoint(ROUTES.getDevice)
  get(@Input() input: InputOf<typeof ROUTES.getDevice>) {
    return this.getDevice.execute(input.params.deviceId, input.query.subtree);
  }

  @Endpoint(ROUTES.deleteDevice)
  async delete(@Input() input: InputOf<typeof ROUTES.deleteDevice>): Promise<void> {
    await this.deleteDevice.execute(input.params.deviceId);
  }

  @Endpoint(ROUTES.addDeviceTag)
  async addTag(@Input() input: InputOf<typeof ROUTES.addDeviceTag>): Promise<void> {
    await this.changeDeviceTag.execute(input.params.deviceId, input.params.tag, 'add');
  }

  @Endpoint(ROUTES.removeDeviceTag)
  async removeTag(@Input() input: InputOf<typeof ROUTES.removeDeviceTag>): Promise<void> {
    await this.changeDeviceTag.execute(input.params.deviceId, input.params.tag, 'remove');
  }

  @Endpoint(ROUTES.changeTagsByFilter)
  changeTags(@Input() input: InputOf<typeof ROUTES.changeTagsByFilter>) {
    return this.changeTagsByFilter.execute(input.body);
  }
}
