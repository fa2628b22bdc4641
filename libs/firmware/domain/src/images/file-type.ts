/**
 * The FileType argument of a CWMP Download (TR-069 Amendment 6, A.3.2.8): the standard types by
 * their exact strings, and vendor types as `X <OUI> <name>`, the OUI in upper-case hex as the
 * device reports it in DeviceInfo.ManufacturerOUI. Types 4 and 5 are deprecated by the standard
 * but still sent by voice gateways, so they are accepted.
 */
export const CWMP_DOWNLOAD_FILE_TYPES = [
  '1 Firmware Upgrade Image',
  '2 Web Content',
  '3 Vendor Configuration File',
  '4 Tone File',
  '5 Ringer File',
  '6 Stored Firmware Image',
] as const;

export const FIRMWARE_UPGRADE_IMAGE = '1 Firmware Upgrade Image';

const VENDOR_FILE_TYPE = /^X [0-9A-F]{6} \S(.*\S)?$/;

/** The longest FileType a Download carries (string(64) in the schema). */
export const MAX_FILE_TYPE_LENGTH = 64;

/** Why the file type is not one a Download may carry, or null when it is. */
export function fileTypeProblem(fileType: string): string | null {
  if ((CWMP_DOWNLOAD_FILE_TYPES as readonly string[]).includes(fileType)) return null;
  if (fileType.length > MAX_FILE_TYPE_LENGTH)
    return `longer than ${MAX_FILE_TYPE_LENGTH} characters`;
  if (VENDOR_FILE_TYPE.test(fileType)) return null;
  return `not a CWMP Download FileType (${CWMP_DOWNLOAD_FILE_TYPES.join(', ')}) nor "X <OUI> <name>" with a 6-digit upper-case hex OUI`;
}

/** Whether images of this type are what "which image should this device run" chooses among. */
export function isFirmwareImage(fileType: string): boolean {
  return fileType === FIRMWARE_UPGRADE_IMAGE;
}
