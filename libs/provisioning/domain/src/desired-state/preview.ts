import { faultOf, type AcsRequest, type ParameterValue } from '@acs/cwmp-codec';
import type { QuirkBehaviour } from '../quirks/quirk-profile';
import { nextConvergenceStep } from './convergence';
import {
  judgeConvergenceStep,
  MAX_CONVERGENCE_ROUNDS,
  type ConvergenceHistory,
} from './convergence-limits';
import { mergeConfigurations } from './merge';
import { instanceNumber, instanceOf, isUnder } from './paths';
import { readsOf } from './reads';
import { renderDesiredState, type RenderFault } from './render';
import type { AppliedConfiguration, DeviceView, RenderedDesiredState } from './shapes';
import { isXsdType, parameterValue, typeToSend } from './values';
import { applyRpcOutcomeToView, type RpcOutcome } from './view-update';

export interface PreviewInput {
  applied: AppliedConfiguration;
  device: DeviceView;
  /** The `data` of the device's subscriber record, when it has one. */
  subscriber?: Record<string, unknown>;
  now: Date;
  quirks: QuirkBehaviour;
}

export interface PreviewStep {
  request: AcsRequest;
  purpose: string;
}

export type ConvergencePreview =
  /** A template could not be filled on this device: a session would raise this fault. */
  | { outcome: 'template-fault'; fault: RenderFault }
  | {
      /** `not-converging`: a session would stop after `steps` and raise `message` as a fault. */
      outcome: 'converged' | 'not-converging';
      desired: RenderedDesiredState;
      steps: PreviewStep[];
      message?: string;
    };

/**
 * What a session would do to bring the device to one configuration: the configuration rendered
 * for the device, then the RPCs the convergence step picks (`nextConvergenceStep`, judged by
 * `judgeConvergenceStep`, as the session conductor runs them), each answered as a device that
 * holds exactly what is known of it and accepts every change would answer. A read is answered
 * from the view, so what inventory does not know is taken as absent: the real session may differ
 * where the device holds something else.
 */
export function previewConvergence(input: PreviewInput): ConvergencePreview {
  const rendered = renderDesiredState(mergeConfigurations([input.applied]), {
    device: input.device,
    ...(input.subscriber ? { subscriber: input.subscriber } : {}),
  });
  if (!rendered.ok) return { outcome: 'template-fault', fault: rendered.fault };
  const desired = rendered.value;
  let view = input.device;
  const values: string[] = [];
  const names: string[] = [];
  const steps: PreviewStep[] = [];
  let history: ConvergenceHistory = { rounds: 0, lastStepSignature: null };
  for (;;) {
    const step = nextConvergenceStep({
      desired,
      device: view,
      now: input.now,
      quirks: input.quirks,
      readThisSession: values,
      namesReadThisSession: names,
    });
    const verdict = judgeConvergenceStep(step, history, MAX_CONVERGENCE_ROUNDS);
    if (verdict.kind === 'converged') return { outcome: 'converged', desired, steps };
    if (verdict.kind === 'not-converging')
      return { outcome: 'not-converging', desired, steps, message: verdict.message };
    if (step.kind === 'rpc') steps.push({ request: verdict.request, purpose: step.purpose });
    history = verdict.history;
    view = applyRpcOutcomeToView(
      view,
      verdict.request,
      assumedAnswer(view, verdict.request),
      input.now,
    );
    const reads = readsOf(verdict.request);
    values.push(...reads.values);
    names.push(...reads.names);
  }
}

/** The answer of a device holding exactly `view` and accepting every change. */
function assumedAnswer(view: DeviceView, request: AcsRequest): RpcOutcome {
  const known = Object.entries(view.parameters);
  switch (request.type) {
    case 'GetParameterValues': {
      const parameters: ParameterValue[] = [];
      for (const [path, entry] of known) {
        if (entry.object || !request.parameterNames.some((name) => isUnder(path, name))) continue;
        if (entry.value === undefined) continue;
        if (entry.value === null) parameters.push({ name: path, type: 'dateTime', value: null });
        else {
          const type = isXsdType(entry.type) ? entry.type : typeToSend(entry.value, undefined, '');
          parameters.push(parameterValue(path, entry.value, type));
        }
      }
      return answer({ type: 'GetParameterValuesResponse', parameters });
    }
    case 'GetParameterNames':
      return answer({
        type: 'GetParameterNamesResponse',
        parameters: known
          .filter(
            ([path]) => path !== request.parameterPath && isUnder(path, request.parameterPath),
          )
          .map(([name, entry]) => ({ name, writable: entry.writable ?? false })),
      });
    case 'SetParameterValues':
      return answer({ type: 'SetParameterValuesResponse', status: 0 });
    case 'SetParameterAttributes':
      return answer({ type: 'SetParameterAttributesResponse' });
    case 'DeleteObject':
      return answer({ type: 'DeleteObjectResponse', status: 0 });
    case 'AddObject': {
      // Like CPEs, the next number after the highest known.
      const numbers = known.flatMap(([path]) => {
        const instance = instanceOf(path, request.objectName);
        return instance ? [instanceNumber(instance)] : [];
      });
      const instanceNumberAdded = Math.max(0, ...numbers) + 1;
      return answer({ type: 'AddObjectResponse', instanceNumber: instanceNumberAdded, status: 0 });
    }
    default:
      // The convergence step sends none of the others.
      return { kind: 'fault', fault: faultOf(9000) };
  }
}

function answer(response: Extract<RpcOutcome, { kind: 'response' }>['response']): RpcOutcome {
  return { kind: 'response', response };
}
