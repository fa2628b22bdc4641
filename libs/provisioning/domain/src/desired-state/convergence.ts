import type { DesiredValue } from '@acs/contracts';
import type {
  AcsRequest,
  ParameterValue,
  SetParameterAttributesStruct,
  XsdType,
} from '@acs/cwmp-codec';
import type { QuirkBehaviour } from '../quirks/quirk-profile';
import { planObjects, type ObjectPlan } from './object-plan';
import { dueRefreshPaths, nextRead } from './reads';
import type { ConvergenceStep, DeviceView, RenderedDesiredState } from './shapes';
import { parameterValue, sameValue, typeToSend } from './values';

export interface ConvergenceInput {
  desired: RenderedDesiredState;
  device: DeviceView;
  now: Date;
  quirks: QuirkBehaviour;
  /** Subtrees and parameters whose values this session already read (see `readsOf`). */
  readThisSession: readonly string[];
  /** Subtrees this session already listed with GetParameterNames (see `readsOf`). */
  namesReadThisSession?: readonly string[];
  /** Sent with SetParameterValues, AddObject and DeleteObject; '' when not given. */
  parameterKey?: string;
}

/**
 * The one RPC that brings the device closest to the desired state, or `converged`. Steps come in
 * a fixed order, each one only once the ones before have nothing left to do:
 *   1. read subtrees whose refresh policy is due, and tables whose instances are not known;
 *   2. delete instances declared absent, or undeclared under `removeUndeclared`;
 *   3. add an instance for each `present` declaration without one;
 *   4. set every differing value (parameters, and key and values of declared instances) in as
 *      few SetParameterValues as the profile's batch size allows;
 *   5. set differing notification attributes.
 * The caller applies each answer to the view (`applyRpcOutcomeToView`) and asks again.
 */
export function nextConvergenceStep(input: ConvergenceInput): ConvergenceStep {
  const { desired, device, now, quirks } = input;
  const parameterKey = input.parameterKey ?? '';
  const plan = planObjects(desired, device);

  const toRead = [...dueRefreshPaths(desired, device, now), ...plan.unclear];
  const read = nextRead(toRead, {
    view: device,
    quirks,
    readThisSession: input.readThisSession,
    namesReadThisSession: input.namesReadThisSession ?? [],
  });
  if (read) return rpc(read, `read ${describeRead(read)}`);

  const deletion = plan.deletions[0];
  if (deletion)
    return rpc(
      { type: 'DeleteObject', objectName: deletion.instance, parameterKey },
      `delete ${deletion.instance} (${deletion.reason})`,
    );

  const creation = plan.creations[0];
  if (creation)
    return rpc(
      { type: 'AddObject', objectName: creation.path, parameterKey },
      `add an instance of ${creation.path} keyed ${JSON.stringify(creation.key)} (${creation.source})`,
    );

  const values = firstBatch(differingValues(desired, device, plan), quirks.spvBatchSize);
  if (values.length > 0)
    return rpc(
      { type: 'SetParameterValues', parameters: values, parameterKey },
      `set ${values.length} parameter value(s)`,
    );

  const attributes = differingNotifications(desired, device).slice(0, quirks.spvBatchSize);
  if (attributes.length > 0)
    return rpc(
      { type: 'SetParameterAttributes', parameters: attributes },
      `set notification of ${attributes.length} parameter(s)`,
    );

  return { kind: 'converged' };
}

/**
 * A string that is the same for two steps exactly when they send the same RPC with the same
 * arguments for the same purpose: seen twice in a row in a session, it says the device did not
 * move (see `judgeConvergenceStep`).
 */
export function stepSignature(step: ConvergenceStep): string {
  // The purpose is part of it: two AddObject of one table for two declarations are progress.
  return step.kind === 'converged'
    ? 'converged'
    : `${step.purpose}\u0000${JSON.stringify(step.request)}`;
}

function rpc(request: AcsRequest, purpose: string): ConvergenceStep {
  return { kind: 'rpc', request, purpose };
}

function describeRead(request: AcsRequest): string {
  if (request.type === 'GetParameterNames') return `names under ${request.parameterPath}`;
  if (request.type === 'GetParameterValues') return request.parameterNames.join(', ');
  return request.type;
}

interface Target {
  path: string;
  value: DesiredValue;
  declaredType?: XsdType;
  /** Parameters of one instance travel together, so a half-set key is never left behind. */
  group: string;
}

/**
 * Every parameter whose desired value the device is not known to hold. Where two declarations set
 * one parameter, the higher precedence wins (then the source name; a parameter declaration before
 * an object's values).
 */
function differingValues(
  desired: RenderedDesiredState,
  view: DeviceView,
  plan: ObjectPlan,
): { group: string; value: ParameterValue }[] {
  const candidates: (Target & { precedence: number; source: string; order: number })[] = [];
  desired.parameters.forEach((parameter, order) =>
    candidates.push({
      path: parameter.path,
      value: parameter.value,
      ...(parameter.type ? { declaredType: parameter.type } : {}),
      group: parameter.path,
      precedence: parameter.precedence,
      source: parameter.source,
      order,
    }),
  );
  plan.targets.forEach(({ declaration, instance }, index) => {
    const fields = { ...declaration.key, ...declaration.values };
    for (const [name, value] of Object.entries(fields))
      candidates.push({
        path: `${instance}${name}`,
        value,
        group: instance,
        precedence: declaration.precedence,
        source: declaration.source,
        order: desired.parameters.length + index,
      });
  });
  candidates.sort(
    (a, b) =>
      b.precedence - a.precedence ||
      (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
      a.order - b.order,
  );
  const chosen = new Map<string, Target>();
  for (const candidate of candidates)
    if (!chosen.has(candidate.path)) chosen.set(candidate.path, candidate);

  return [...chosen.values()]
    .filter(({ path, value }) => {
      const known = view.parameters[path];
      return !sameValue(value, known?.value, known?.type);
    })
    .sort((a, b) => compare(a.group, b.group) || compare(a.path, b.path))
    .map(({ path, value, declaredType, group }) => ({
      group,
      value: parameterValue(
        path,
        value,
        typeToSend(value, declaredType, view.parameters[path]?.type),
      ),
    }));
}

/** Whole groups while they fit; a group larger than a batch is split, as nothing else can be done. */
function firstBatch(
  values: { group: string; value: ParameterValue }[],
  size: number,
): ParameterValue[] {
  const batch: ParameterValue[] = [];
  let index = 0;
  while (index < values.length) {
    const group = values[index]?.group;
    let end = index;
    while (end < values.length && values[end]?.group === group) end += 1;
    const members = values.slice(index, end).map((entry) => entry.value);
    if (batch.length + members.length <= size) batch.push(...members);
    else {
      if (batch.length === 0) batch.push(...members.slice(0, size));
      break;
    }
    index = end;
  }
  return batch;
}

function differingNotifications(
  desired: RenderedDesiredState,
  view: DeviceView,
): SetParameterAttributesStruct[] {
  return desired.notifications
    .filter(({ path, notification }) => view.parameters[path]?.notification !== notification)
    .sort((a, b) => compare(a.path, b.path))
    .map(({ path, notification }) => ({
      name: path,
      notificationChange: true,
      notification,
      accessListChange: false,
      accessList: [],
    }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
