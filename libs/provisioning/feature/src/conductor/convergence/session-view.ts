import { dataModelRootOf } from '@acs/contracts';
import {
  applyRpcOutcomeToView,
  tagsAfterSession,
  type DeviceView,
  type SessionProgress,
} from '@acs/provisioning-domain';

/**
 * The device as this session knows it: the stored device, then the Inform's values (newer than
 * the store), then the session's answers in order, then the tags it changed (inventory may not
 * have applied them yet). Rebuilt from the progress record each time,
 * so any instance can take the session over; an unknown device starts from its Inform.
 */
export function sessionView(
  stored: DeviceView | null,
  progress: SessionProgress,
  at: Date,
): DeviceView {
  let view: DeviceView = stored
    ? { ...stored, parameters: { ...stored.parameters } }
    : {
        deviceId: progress.deviceId,
        ...progress.identity,
        tags: [],
        dataModelRoot: dataModelRootOf(progress.informValues.map((value) => value.name)),
        parameters: {},
      };
  if (progress.informValues.length > 0) {
    view = applyRpcOutcomeToView(
      view,
      { type: 'GetParameterValues', parameterNames: progress.informValues.map((v) => v.name) },
      {
        kind: 'response',
        response: { type: 'GetParameterValuesResponse', parameters: progress.informValues },
      },
      at,
    );
  }
  for (const answer of progress.answers) {
    view = applyRpcOutcomeToView(view, answer.request, answer.outcome, new Date(answer.at));
  }
  return progress.tagChanges ? { ...view, tags: tagsAfterSession(view.tags, progress) } : view;
}
