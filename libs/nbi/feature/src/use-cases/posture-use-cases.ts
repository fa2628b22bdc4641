import { Inject, Injectable } from '@nestjs/common';
import type { DeviceReads } from '@acs/device-store';
import { POSTURE_FINDINGS, postureTag, PostureSummary } from '@acs/inventory-posture';
import type { PostureFinding } from '@acs/contracts';
import type { PostureSummaryRow } from '@acs/inventory-posture';
import { DEVICE_STORE } from '../tokens';
import { deviceNotFound } from './device-use-cases';

@Injectable()
export class GetDevicePosture {
  constructor(@Inject(DEVICE_STORE) private readonly devices: DeviceReads) {}

  async execute(
    deviceId: string,
  ): Promise<{ deviceId: string; findings: PostureFinding[]; assessed: boolean }> {
    const page = await this.devices.find({
      filter: { deviceId },
      projection: ['posture'],
      limit: 1,
    });
    const [device] = page.devices;
    if (!device) throw deviceNotFound(deviceId);
    return { deviceId, findings: device.posture ?? [], assessed: device.posture !== undefined };
  }
}

/** Devices read per store query while summing up the fleet. */
const SUMMARY_PAGE = 5_000;

@Injectable()
export class GetPostureSummary {
  constructor(@Inject(DEVICE_STORE) private readonly devices: DeviceReads) {}

  /** Pages through the devices with a posture tag (the index behind tag filters), model and findings only. */
  async execute(): Promise<{ rows: PostureSummaryRow[] }> {
    const tags = Object.keys(POSTURE_FINDINGS).map(postureTag);
    const summary = new PostureSummary();
    let cursor: string | undefined;
    do {
      const page = await this.devices.find({
        filter: { tags: { $in: tags } },
        projection: ['oui', 'productClass', 'posture'],
        limit: SUMMARY_PAGE,
        ...(cursor === undefined ? {} : { cursor }),
      });
      summary.add(page.devices);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return { rows: summary.rows() };
  }
}
