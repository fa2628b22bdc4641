import type {
  DeviceUpdate,
  ParameterData,
  PostureFinding,
  SessionEvent,
  StoredDevice,
} from '@acs/contracts';
import { posturePaths, type CpeAuthentication, type PostureFacts } from './posture-facts';

/** What inventory knew of the device before a batch, opened (secrets in plaintext). */
export type KnownForPosture = Pick<
  StoredDevice,
  'dataModelRoot' | 'connectionRequest' | 'parameters' | 'posture'
>;

/**
 * Whether the batch can change the posture: a session opened (its CWMP version and
 * authentication), or a learned value the assessment reads.
 */
export function concernsPosture(
  events: readonly SessionEvent[],
  updates: readonly DeviceUpdate[],
): boolean {
  if (events.some((event) => event.type === 'SessionOpened')) return true;
  const read = new Set(posturePaths(null));
  return updates.some(
    (update) =>
      update.upsert?.connectionRequest !== undefined ||
      (update.setParameters ?? []).some((parameter) => read.has(parameter.path)),
  );
}

/**
 * The facts as the batch leaves them: what was known, with the batch's learned values and
 * connection-request info over it. The session facts come from the batch's latest SessionOpened;
 * without one, from the findings of the last assessment (the session they came from is the
 * device's latest). The firmware comparison is the caller's (see PostureFacts).
 */
export function factsAfterLearning(
  known: KnownForPosture | null,
  events: readonly SessionEvent[],
  updates: readonly DeviceUpdate[],
  newerFirmwareVersion?: string,
): PostureFacts {
  const parameters = new Map<string, ParameterData | undefined>();
  for (const [path, parameter] of Object.entries(known?.parameters ?? {}))
    parameters.set(path, parameter.value);
  let dataModelRoot = known?.dataModelRoot ?? null;
  let connectionRequest = known?.connectionRequest ?? {};
  for (const update of updates) {
    for (const path of update.deleteSubtrees ?? [])
      for (const held of [...parameters.keys()])
        if (held === path || (path.endsWith('.') && held.startsWith(path))) parameters.delete(held);
    for (const parameter of update.setParameters ?? [])
      if (parameter.value !== undefined) parameters.set(parameter.path, parameter.value);
    if (update.upsert?.dataModelRoot !== undefined) dataModelRoot = update.upsert.dataModelRoot;
    if (update.upsert?.connectionRequest)
      connectionRequest = { ...connectionRequest, ...update.upsert.connectionRequest };
  }
  const opened = events.filter((event) => event.type === 'SessionOpened').pop();
  const session = opened
    ? { cwmpVersion: opened.cwmpVersion, cpeAuthentication: opened.cpeAuthentication }
    : sessionFactsOf(known?.posture ?? []);
  const facts: PostureFacts = {
    dataModelRoot,
    parameters,
    connectionRequest: {
      ...(connectionRequest.username === undefined ? {} : { username: connectionRequest.username }),
      ...(connectionRequest.password === undefined ? {} : { password: connectionRequest.password }),
    },
    ...(session.cwmpVersion === undefined ? {} : { cwmpVersion: session.cwmpVersion }),
    ...(session.cpeAuthentication === undefined
      ? {}
      : { cpeAuthentication: session.cpeAuthentication }),
    ...(newerFirmwareVersion === undefined ? {} : { newerFirmwareVersion }),
  };
  return facts;
}

/** The session facts earlier findings rest on (a weakness found is still there until a session says otherwise). */
function sessionFactsOf(previous: readonly PostureFinding[]): {
  cwmpVersion?: PostureFacts['cwmpVersion'];
  cpeAuthentication?: CpeAuthentication;
} {
  const has = (id: string) => previous.find((finding) => finding.id === id);
  const old = has('cwmp-version-old')?.evidence['cwmpVersion'];
  const auth = has('cpe-auth-none') ? 'none' : has('basic-auth-over-http') ? 'basic' : undefined;
  return {
    ...(old === '1.0' || old === '1.1' ? { cwmpVersion: old } : {}),
    ...(auth === undefined ? {} : { cpeAuthentication: auth }),
  };
}
