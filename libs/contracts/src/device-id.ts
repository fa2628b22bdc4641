import type { DeviceIdStruct } from '@acs/cwmp-codec';

/**
 * The platform's device id: `OUI-ProductClass-SerialNumber`, each part percent-encoded so the
 * separator and characters Redis hash tags or URLs care about (`-`, `{`, `}`, `/`, blanks) cannot
 * appear inside a part. ProductClass is optional in TR-069; an empty one leaves an empty middle part.
 */
export function deviceIdOf(
  id: Pick<DeviceIdStruct, 'oui' | 'productClass' | 'serialNumber'>,
): string {
  return [id.oui.toUpperCase(), id.productClass, id.serialNumber].map(encodePart).join('-');
}

function encodePart(part: string): string {
  return encodeURIComponent(part).replace(
    /[-!'()*~._]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The three parts of a device id, decoded. */
export function parseDeviceId(deviceId: string): {
  oui: string;
  productClass: string;
  serialNumber: string;
} {
  const parts = deviceId.split('-');
  if (parts.length !== 3) throw new Error(`not a device id: ${deviceId}`);
  const [oui, productClass, serialNumber] = parts.map((part) => decodeURIComponent(part)) as [
    string,
    string,
    string,
  ];
  return { oui, productClass, serialNumber };
}
