import type { DeviceLifecycleEvent, DeviceUpdate, StoredDevice } from '@acs/contracts';

/**
 * The part of a stored device the learning functions read: its summary as far as learning
 * changes it, and the parameters the events at hand need (`parametersToKnow`). A StoredDevice is
 * one.
 */
export type KnownDevice = Pick<
  StoredDevice,
  | 'deviceId'
  | 'dataModelRoot'
  | 'lastInform'
  | 'periodicInformInterval'
  | 'onlineUntil'
  | 'online'
  | 'connectionRequest'
  | 'parameters'
> &
  /** Read for the security posture (tags: the `posture:` ones it keeps in step). */
  Partial<Pick<StoredDevice, 'tags' | 'posture'>>;

/** What one session event teaches: the store update (none when nothing is to be kept) and the events. */
export interface Learned {
  update: DeviceUpdate | null;
  lifecycle: DeviceLifecycleEvent[];
}
