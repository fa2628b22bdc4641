import {
  faultOf,
  type AcsRequest,
  type CpeResponse,
  type Fault,
  type ParameterValue,
} from '@acs/cwmp-codec';
import { applyRpcOutcomeToView, type RpcOutcome } from '../view-update';
import { nextConvergenceStep, type ConvergenceInput } from '../convergence';
import {
  judgeConvergenceStep,
  MAX_CONVERGENCE_ROUNDS,
  type ConvergenceHistory,
} from '../convergence-limits';
import { readsOf } from '../reads';
import type { DeviceView, ViewParameter } from '../shapes';

export interface FakeParameter {
  value: ParameterValue['value'];
  type: ParameterValue['type'];
  writable: boolean;
  notification?: number;
}

/**
 * A CPE's parameter tree answering the RPCs the engine sends, as TR-069 says a CPE does: partial
 * paths, AddObject with the next instance number and default parameters, DeleteObject of a
 * subtree, faults for unknown names. `ignoreSetsOf` makes it accept a set and keep the old value.
 */
export class FakeCpe {
  readonly parameters = new Map<string, FakeParameter>();
  private readonly nextInstance = new Map<string, number>();

  constructor(
    tree: Record<string, FakeParameter>,
    private readonly instanceDefaults: Record<string, Record<string, FakeParameter>> = {},
    private readonly behaviour: { partialPathGpv?: boolean; ignoreSetsOf?: string[] } = {},
  ) {
    for (const [path, parameter] of Object.entries(tree))
      this.parameters.set(path, { ...parameter });
    // Like real CPEs, instance numbers are not reused after a deletion.
    for (const table of Object.keys(instanceDefaults))
      this.nextInstance.set(table, Math.max(0, ...this.instanceNumbersUnder(table)) + 1);
  }

  private instanceNumbersUnder(table: string): number[] {
    return [...this.parameters.keys()]
      .filter((path) => path.startsWith(table))
      .map((path) => Number(path.slice(table.length).split('.')[0]));
  }

  answer(request: AcsRequest): RpcOutcome {
    switch (request.type) {
      case 'GetParameterValues': {
        const found: ParameterValue[] = [];
        for (const name of request.parameterNames) {
          if (name.endsWith('.') && this.behaviour.partialPathGpv === false) return fault(9005);
          const matched = [...this.parameters].filter(([path]) =>
            name.endsWith('.') ? path.startsWith(name) : path === name,
          );
          if (matched.length === 0 && !this.hasObject(name)) return fault(9005);
          for (const [path, p] of matched)
            found.push({ name: path, type: p.type, value: p.value } as ParameterValue);
        }
        return response({ type: 'GetParameterValuesResponse', parameters: found });
      }
      case 'GetParameterNames': {
        if (!this.hasObject(request.parameterPath)) return fault(9005);
        const names = new Map<string, boolean>();
        for (const [path, p] of this.parameters) {
          if (!path.startsWith(request.parameterPath)) continue;
          names.set(path, p.writable);
          for (
            let dot = path.indexOf('.', request.parameterPath.length);
            dot !== -1;
            dot = path.indexOf('.', dot + 1)
          )
            if (dot < path.length - 1) names.set(path.slice(0, dot + 1), false);
        }
        return response({
          type: 'GetParameterNamesResponse',
          parameters: [...names].map(([name, writable]) => ({ name, writable })),
        });
      }
      case 'SetParameterValues': {
        for (const { name } of request.parameters) {
          const known = this.parameters.get(name);
          if (!known) return fault(9005);
          if (!known.writable) return fault(9008);
        }
        for (const p of request.parameters) {
          if (this.behaviour.ignoreSetsOf?.includes(p.name)) continue;
          const known = this.parameters.get(p.name);
          if (known) this.parameters.set(p.name, { ...known, value: p.value });
        }
        return response({ type: 'SetParameterValuesResponse', status: 0 });
      }
      case 'AddObject': {
        const defaults = this.instanceDefaults[request.objectName];
        if (!defaults) return fault(9005);
        const number = this.nextInstance.get(request.objectName) ?? 1;
        this.nextInstance.set(request.objectName, number + 1);
        for (const [name, parameter] of Object.entries(defaults))
          this.parameters.set(`${request.objectName}${number}.${name}`, { ...parameter });
        return response({ type: 'AddObjectResponse', instanceNumber: number, status: 0 });
      }
      case 'DeleteObject': {
        if (!this.hasObject(request.objectName)) return fault(9005);
        for (const path of [...this.parameters.keys()])
          if (path.startsWith(request.objectName)) this.parameters.delete(path);
        return response({ type: 'DeleteObjectResponse', status: 0 });
      }
      case 'SetParameterAttributes': {
        for (const attribute of request.parameters)
          for (const [path, p] of this.parameters)
            if (
              attribute.name.endsWith('.')
                ? path.startsWith(attribute.name)
                : path === attribute.name
            )
              p.notification = attribute.notification;
        return response({ type: 'SetParameterAttributesResponse' });
      }
      default:
        return fault(9000);
    }
  }

  value(path: string): ParameterValue['value'] | undefined {
    return this.parameters.get(path)?.value;
  }

  /** What inventory would know after a full read at `at`. */
  fullView(identity: Omit<DeviceView, 'parameters'>, at: string): DeviceView {
    const parameters: Record<string, ViewParameter> = {};
    for (const [path, p] of this.parameters)
      parameters[path] = {
        object: false,
        value: p.value,
        type: p.type,
        writable: p.writable,
        valueAt: at,
      };
    return { ...identity, parameters };
  }

  private hasObject(path: string): boolean {
    return [...this.parameters.keys()].some((known) => known.startsWith(path));
  }
}

function response(response: CpeResponse): RpcOutcome {
  return { kind: 'response', response };
}

function fault(code: number): RpcOutcome {
  const f: Fault = faultOf(code);
  return { kind: 'fault', fault: f };
}

export interface SessionRun {
  requests: AcsRequest[];
  converged: boolean;
  view: DeviceView;
  /** Set when the same step came twice in a row: the session stopped there. */
  repeated?: AcsRequest;
}

/**
 * A provisioning session as the caller runs it: ask for the next step, send it to the CPE, learn
 * its answer, record what was read, until converged, a repeated step, or the round limit.
 */
export function runSession(
  cpe: FakeCpe,
  start: Omit<ConvergenceInput, 'readThisSession' | 'namesReadThisSession'>,
  maxRounds = MAX_CONVERGENCE_ROUNDS,
): SessionRun {
  let view = start.device;
  const values: string[] = [];
  const names: string[] = [];
  const requests: AcsRequest[] = [];
  let history: ConvergenceHistory = { rounds: 0, lastStepSignature: null };
  for (;;) {
    const step = nextConvergenceStep({
      ...start,
      device: view,
      readThisSession: values,
      namesReadThisSession: names,
    });
    const verdict = judgeConvergenceStep(step, history, maxRounds);
    if (verdict.kind === 'converged') return { requests, converged: true, view };
    if (verdict.kind === 'not-converging') {
      const repeated = verdict.reason === 'repeated' && step.kind === 'rpc' ? step.request : null;
      return { requests, converged: false, view, ...(repeated ? { repeated } : {}) };
    }
    history = verdict.history;
    requests.push(verdict.request);
    view = applyRpcOutcomeToView(view, verdict.request, cpe.answer(verdict.request), start.now);
    const reads = readsOf(verdict.request);
    values.push(...reads.values);
    names.push(...reads.names);
  }
}
