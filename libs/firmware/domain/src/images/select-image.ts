import {
  installRefusal,
  rulesMatchModel,
  type ApplicabilityRules,
  type DeviceFacts,
  type DeviceModel,
  type NotApplicableReason,
} from '../rules/applicability';
import { compareVersions, sameVersion } from '../versions/compare-versions';
import { isFirmwareImage } from './file-type';

/** What the choice needs of a catalogue image. */
export interface CandidateImage {
  readonly id: string;
  readonly version: string;
  readonly fileType: string;
  readonly rules: ApplicabilityRules;
  /** Only images whose bytes are stored can be installed. */
  readonly hasContent: boolean;
}

export type NoImageReason =
  /** No firmware image with content names the device's OUI, ProductClass and HardwareVersion. */
  | 'no-image-for-model'
  /** The group's target version is not among the images for the model. */
  | 'target-not-in-library'
  /** Without a target: no image for the model is newer than what the device runs. */
  | 'no-newer-image'
  | NotApplicableReason;

export type ImageChoice<I> =
  | { readonly outcome: 'install'; readonly image: I }
  /** The device runs the version it should; `image` is that version's image. */
  | { readonly outcome: 'current'; readonly image: I }
  | { readonly outcome: 'none'; readonly reason: NoImageReason };

export interface ChoiceOptions {
  /** The version the device's group should run; absent: the newest that applies. */
  readonly targetVersion?: string;
}

/**
 * Which image this device should run. With a target version: that version's image, refused when
 * its rules do not allow it over the device's current version (a downgrade only where the image
 * allows one). Without: the newest image newer than the current version whose rules allow it,
 * never a downgrade. Among images of one version the first in `images` order wins, so callers
 * pass them in a stable order (newest first).
 */
export function chooseImage<I extends CandidateImage>(
  device: DeviceFacts,
  images: readonly I[],
  options: ChoiceOptions = {},
): ImageChoice<I> {
  const forModel = images.filter(
    (image) =>
      image.hasContent && isFirmwareImage(image.fileType) && rulesMatchModel(image.rules, device),
  );
  if (forModel.length === 0) return { outcome: 'none', reason: 'no-image-for-model' };
  const current = device.softwareVersion;
  const { targetVersion } = options;
  if (targetVersion !== undefined) {
    const target = forModel.find((image) => sameVersion(image.version, targetVersion));
    if (!target) return { outcome: 'none', reason: 'target-not-in-library' };
    if (current !== undefined && sameVersion(current, target.version))
      return { outcome: 'current', image: target };
    const refusal = installRefusal(target.rules, target.version, current);
    return refusal ? { outcome: 'none', reason: refusal } : { outcome: 'install', image: target };
  }
  if (current !== undefined) {
    const running = forModel.find((image) => sameVersion(image.version, current));
    const newer = forModel.filter((image) => compareVersions(image.version, current) === 1);
    const allowed = newer.filter((image) => !installRefusal(image.rules, image.version, current));
    const best = newest(allowed);
    if (best) return { outcome: 'install', image: best };
    if (running) return { outcome: 'current', image: running };
    const [refused] = newer;
    if (!refused) return { outcome: 'none', reason: 'no-newer-image' };
    const reason = installRefusal(refused.rules, refused.version, current) ?? 'not-over-current';
    return { outcome: 'none', reason };
  }
  return { outcome: 'none', reason: 'unknown-current-version' };
}

/** The newest of the images; of unordered or equal versions, the earlier in the list. */
function newest<I extends CandidateImage>(images: readonly I[]): I | undefined {
  let best: I | undefined;
  for (const image of images)
    if (!best || compareVersions(image.version, best.version) === 1) best = image;
  return best;
}

/** The images whose rules name none of these device models (each model once is enough). */
export function imagesMatchingNoDevice<I extends Pick<CandidateImage, 'rules'>>(
  images: readonly I[],
  models: readonly DeviceModel[],
): I[] {
  return images.filter((image) => !models.some((model) => rulesMatchModel(image.rules, model)));
}

/**
 * The image of `version` for this model, for a rollback's downgrade: the device ran that version
 * before, so the image's rules on what it installs over (upgrades, as a rule) do not apply.
 */
export function previousImage<I extends CandidateImage>(
  device: DeviceModel,
  images: readonly I[],
  version: string,
): I | null {
  return (
    images.find(
      (image) =>
        image.hasContent &&
        isFirmwareImage(image.fileType) &&
        rulesMatchModel(image.rules, device) &&
        sameVersion(image.version, version),
    ) ?? null
  );
}
