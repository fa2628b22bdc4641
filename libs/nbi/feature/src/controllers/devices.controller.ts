import { Endpoint, EndpointAnswer, ReplyAnswer } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import { RequestConnection, type NbiWakeOutcome } from '../use-cases/connection-request-use-cases';
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
    private readonly requestConnection: RequestConnection,
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

  @Endpoint(ROUTES.requestConnection)
  async connectionRequest(
    @Input() input: InputOf<typeof ROUTES.requestConnection>,
    @ReplyAnswer() _response: unknown,
  ): Promise<EndpointAnswer> {
    return answerOf(await this.requestConnection.execute(input.params.deviceId));
  }
}

/** 200 when the request reached the device, 429 when a rate limit held it back, 503 otherwise. */
function answerOf(woken: NbiWakeOutcome): EndpointAnswer {
  if (woken.outcome === 'ok' || woken.outcome === 'sent') return new EndpointAnswer(200, woken);
  if (woken.outcome === 'rate-limited') {
    const seconds = Math.max(1, Math.ceil((woken.retryAfterMs ?? 1000) / 1000));
    return new EndpointAnswer(429, woken, { 'retry-after': String(seconds) });
  }
  return new EndpointAnswer(503, woken);
}
