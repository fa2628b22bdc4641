import { checkFirmwareFailures, type FirmwareFailure } from '@acs/cpe-simulator';

/**
 * One `--firmware-failure <share>:<mode>[:<productClass>[:<version>]]`: a share as a fraction
 * (0.3) or a percentage (30%), a mode (a fault code such as 9010, or no-transfer-complete, silent,
 * old-version-after-reboot, empty-command-key), and optional filters; an empty productClass
 * (`0.3:9010::2.1.0`) means any. Throws a RangeError saying what is wrong.
 */
export function parseFirmwareFailure(text: string): FirmwareFailure {
  const [shareText = '', mode = '', productClass = '', onlyVersion = '', ...rest] = text.split(':');
  if (rest.length > 0 || !mode)
    throw new RangeError(`expected share:mode[:productClass[:version]], got "${text}"`);
  const share = shareText.endsWith('%') ? Number(shareText.slice(0, -1)) / 100 : Number(shareText);
  if (shareText === '' || Number.isNaN(share))
    throw new RangeError(`share must be a number or a percentage, got "${shareText}"`);
  const rule: FirmwareFailure = { share, mode: mode as FirmwareFailure['mode'] };
  if (productClass) rule.productClass = productClass;
  if (onlyVersion) rule.onlyVersion = onlyVersion;
  checkFirmwareFailures([rule]);
  return rule;
}
