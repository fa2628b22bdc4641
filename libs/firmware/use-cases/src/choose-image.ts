import type { DeviceFactsSource, FirmwareImage, ImageStore } from '@acs/firmware-data-access';
import {
  chooseImage,
  imagesMatchingNoDevice,
  type DeviceFacts,
  type DeviceModel,
  type ImageChoice,
} from '@acs/firmware-domain';
import { wholeCatalogue } from './catalogue';
import { FirmwareDeviceNotFoundError } from './errors';

export interface ImageChoicePorts {
  images: ImageStore;
  devices: DeviceFactsSource;
}

export interface DeviceImageChoice {
  device: DeviceFacts;
  choice: ImageChoice<FirmwareImage>;
}

/**
 * Which image a device should run, from the catalogue's rules and, when its group has one, the
 * group's target version (the caller knows the group; see chooseImage for the rules).
 */
export class ChooseImageForDevice {
  constructor(private readonly ports: ImageChoicePorts) {}

  async execute(input: { deviceId: string; targetVersion?: string }): Promise<DeviceImageChoice> {
    const device = await this.ports.devices.factsOf(input.deviceId);
    if (!device) throw new FirmwareDeviceNotFoundError(input.deviceId);
    const images = await wholeCatalogue(this.ports.images);
    const choice = chooseImage(
      device,
      images.map((image) => ({ image, hasContent: image.content !== undefined, ...image })),
      input.targetVersion === undefined ? {} : { targetVersion: input.targetVersion },
    );
    return {
      device,
      choice:
        choice.outcome === 'none' ? choice : { outcome: choice.outcome, image: choice.image.image },
    };
  }
}

export interface UnmatchedImages {
  /** Images whose rules name no model of the fleet, newest first. */
  images: FirmwareImage[];
  /** The fleet's distinct models the images were checked against. */
  models: DeviceModel[];
}

/** The catalogue's images that no device of the fleet matches (by OUI, ProductClass, HardwareVersion). */
export class FindImagesMatchingNoDevice {
  constructor(private readonly ports: ImageChoicePorts) {}

  async execute(): Promise<UnmatchedImages> {
    const [images, models] = await Promise.all([
      wholeCatalogue(this.ports.images),
      this.ports.devices.models(),
    ]);
    return { images: imagesMatchingNoDevice(images, models), models };
  }
}
