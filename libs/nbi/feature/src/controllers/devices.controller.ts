import { RequestConnection, SetTags, type WakeOutcome } from '@acs/provisioning-use-cases';
import { Endpoint, EndpointAnswer, ReplyAnswer } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import {
  DeleteDevice,
  GetDevice,
  ListDeviceNotifications,
  ListDevices,
} from '../use-cases/device-use-cases';
import { RevealDeviceSecret } from '../use-cases/secret-use-cases';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class DevicesController {
  constructor(
    private readonly listDevices: ListDevices,
    private readonly getDevice: GetDevice,
    private readonly deleteDevice: DeleteDevice,
    private readonly setTags: SetTags,
    private readonly requestConnection: RequestConnection,
    private readonly revealSecret: RevealDeviceSecret,
    private readonly listNotifications: ListDeviceNotifications,
  ) {}

  @Endpoint(ROUTES.listDevices)
  list(@Input() input: InputOf<typeof ROUTES.listDevices>) {
    return this.listDevices.execute(input.query);
  }

  @Endpoint(ROUTES.getDevice)
  get(@Input() input: InputOf<typeof ROUTES.getDevice>) {
    return this.getDevice.execute(input.params.deviceId, input.query);
  }

  @Endpoint(ROUTES.listDeviceNotifications)
  notifications(@Input() input: InputOf<typeof ROUTES.listDeviceNotifications>) {
    return this.listNotifications.execute(input.params.deviceId);
  }

  @Endpoint(ROUTES.revealDeviceSecret)
  reveal(@Input() input: InputOf<typeof ROUTES.revealDeviceSecret>) {
    return this.revealSecret.execute(input.params.deviceId, input.params.path);
  }

  @Endpoint(ROUTES.deleteDevice)
  async delete(@Input() input: InputOf<typeof ROUTES.deleteDevice>): Promise<void> {
    await this.deleteDevice.execute(input.params.deviceId);
  }

  @Endpoint(ROUTES.addDeviceTag)
  async addTag(@Input() input: InputOf<typeof ROUTES.addDeviceTag>): Promise<void> {
    const { deviceId, tag } = input.params;
    await this.setTags.execute({ deviceIds: [deviceId], add: [tag], remove: [] });
  }

  @Endpoint(ROUTES.removeDeviceTag)
  async removeTag(@Input() input: InputOf<typeof ROUTES.removeDeviceTag>): Promise<void> {
    const { deviceId, tag } = input.params;
    await this.setTags.execute({ deviceIds: [deviceId], add: [], remove: [tag] });
  }

  @Endpoint(ROUTES.changeTagsByFilter)
  changeTags(@Input() input: InputOf<typeof ROUTES.changeTagsByFilter>) {
    const { filter, add, remove } = input.body;
    return this.setTags.execute({ filter, add: add ?? [], remove: remove ?? [] });
  }

  @Endpoint(ROUTES.requestConnection)
  async connectionRequest(
    @Input() input: InputOf<typeof ROUTES.requestConnection>,
    @ReplyAnswer() _response: unknown,
  ): Promise<EndpointAnswer> {
    return answerOf(await this.requestConnection.execute({ deviceId: input.params.deviceId }));
  }
}

/**
 * 200 when the request reached the device, 429 when a rate limit held it back, 422 when the device
 * never said how to reach it (no server fault: nothing to retry until it does), 503 otherwise.
 */
function answerOf(woken: WakeOutcome): EndpointAnswer {
  if (woken.outcome === 'ok' || woken.outcome === 'sent') return new EndpointAnswer(200, woken);
  if (woken.outcome === 'no-address') return new EndpointAnswer(422, woken);
  if (woken.outcome === 'rate-limited') {
    const seconds = Math.max(1, Math.ceil((woken.retryAfterMs ?? 1000) / 1000));
    return new EndpointAnswer(429, woken, { 'retry-after': String(seconds) });
  }
  return new EndpointAnswer(503, woken);
}
