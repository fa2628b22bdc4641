import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import { GetDevicePosture, GetPostureSummary } from '../use-cases/posture-use-cases';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class PostureController {
  constructor(
    private readonly devicePosture: GetDevicePosture,
    private readonly summary: GetPostureSummary,
  ) {}

  @Endpoint(ROUTES.getDevicePosture)
  device(@Input() input: InputOf<typeof ROUTES.getDevicePosture>) {
    return this.devicePosture.execute(input.params.deviceId);
  }

  @Endpoint(ROUTES.getPostureSummary)
  fleet() {
    return this.summary.execute();
  }
}
