import type { DataModelRoot, ParameterData, SessionOpened } from '@acs/contracts';

/** How the CPE authenticated its session to the ACS, as the gateway saw it. */
export type CpeAuthentication = 'none' | 'basic' | 'digest' | 'client-certificate';

/**
 * What the posture rests on: all of it already seen by the platform. Values are plaintext: the
 * caller opens sealed secrets first (inventory does, before it learns).
 */
export interface PostureFacts {
  /** The device's root; null reads both roots' parameters. */
  readonly dataModelRoot: DataModelRoot | null;
  /** Learned parameter values by path (only the ones `posturePaths` names are read). */
  readonly parameters: ReadonlyMap<string, ParameterData | undefined>;
  /**
   * The connection-request credentials the platform holds for the device. A CPE answers an empty
   * ConnectionRequestPassword whatever it holds, so `password` is only known when the ACS set
   * it; undefined means unknown, not empty.
   */
  readonly connectionRequest: { readonly username?: string; readonly password?: string };
  /** Of the device's latest session. */
  readonly cwmpVersion?: SessionOpened['cwmpVersion'];
  readonly cpeAuthentication?: CpeAuthentication;
  /**
   * The newest version the firmware library has for the device's model, given only when it is
   * newer than the running SoftwareVersion: the firmware context owns the version order.
   */
  readonly newerFirmwareVersion?: string;
}

const ROOTS: readonly DataModelRoot[] = ['Device.', 'InternetGatewayDevice.'];

/** Paths below the root the assessment reads. */
export const POSTURE_PARAMETERS = {
  acsUrl: 'ManagementServer.URL',
  softwareVersion: 'DeviceInfo.SoftwareVersion',
  remoteAccess: 'UserInterface.RemoteAccess.Enable',
} as const;

/** The full paths the assessment reads for a device of this root (both roots when unknown). */
export function posturePaths(root: DataModelRoot | null): string[] {
  const roots = root ? [root] : ROOTS;
  return roots.flatMap((r) => Object.values(POSTURE_PARAMETERS).map((name) => `${r}${name}`));
}

/** The first learned value of `name` under the device's root (or either root when unknown). */
export function valueOf(
  facts: Pick<PostureFacts, 'dataModelRoot' | 'parameters'>,
  name: string,
): { path: string; value: NonNullable<ParameterData> } | undefined {
  for (const root of facts.dataModelRoot ? [facts.dataModelRoot] : ROOTS) {
    const path = `${root}${name}`;
    const value = facts.parameters.get(path);
    if (value !== undefined && value !== null) return { path, value };
  }
  return undefined;
}
