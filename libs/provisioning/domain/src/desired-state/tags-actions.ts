import type { OneOffAction } from '@acs/contracts';
import type { DeviceView, RenderedDesiredState } from './shapes';

/** The tag changes the desired state asks of this device: only tags it lacks or has. */
export function desiredTagChanges(
  rendered: RenderedDesiredState,
  device: Pick<DeviceView, 'tags'>,
): { add: string[]; remove: string[] } {
  const has = new Set(device.tags);
  return {
    add: rendered.tags.add.filter((tag) => !has.has(tag)),
    remove: rendered.tags.remove.filter((tag) => has.has(tag)),
  };
}

export interface PendingAction {
  /** `${source}:${action.id}`: the caller queues an action once per device and key. */
  key: string;
  source: string;
  action: OneOffAction;
}

/** One-off actions of the desired state, each under the key that makes queueing it idempotent. */
export function pendingActions(rendered: RenderedDesiredState): PendingAction[] {
  return rendered.actions.map(({ source, action }) => ({
    key: `${source}:${action.id}`,
    source,
    action,
  }));
}
