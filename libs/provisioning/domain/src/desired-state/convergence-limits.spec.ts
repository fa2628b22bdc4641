import { describe, expect, it } from '@jest/globals';
import type { AcsRequest } from '@acs/cwmp-codec';
import { stepSignature } from './convergence';
import {
  judgeConvergenceStep,
  MAX_CONVERGENCE_ROUNDS,
  type ConvergenceHistory,
} from './convergence-limits';
import type { ConvergenceStep } from './shapes';

const FRESH: ConvergenceHistory = { rounds: 0, lastStepSignature: null };

function ssidSet(value: string): AcsRequest {
  return {
    type: 'SetParameterValues',
    parameters: [{ name: 'Device.WiFi.SSID.1.SSID', type: 'string', value }],
    parameterKey: '',
  };
}

function setSsid(value: string): ConvergenceStep {
  return { kind: 'rpc', request: ssidSet(value), purpose: 'set 1 parameter value(s)' };
}

function addPortMapping(purpose: string): ConvergenceStep {
  return {
    kind: 'rpc',
    request: { type: 'AddObject', objectName: 'Device.NAT.PortMapping.', parameterKey: '' },
    purpose,
  };
}

describe('judgeConvergenceStep', () => {
  it('has nothing to send once the device converged, whatever the history', () => {
    expect(
      judgeConvergenceStep({ kind: 'converged' }, { rounds: 99, lastStepSignature: 'x' }, 16),
    ).toEqual({ kind: 'converged' });
  });

  it('sends a new step and counts it in the history', () => {
    const step = setSsid('Home');
    const signature = stepSignature(step);
    expect(judgeConvergenceStep(step, FRESH, 16)).toEqual({
      kind: 'send',
      request: ssidSet('Home'),
      signature,
      history: { rounds: 1, lastStepSignature: signature },
    });
  });

  it('stops when the step is the one sent last: the CPE accepted it and did not move', () => {
    const step = setSsid('Home');
    const history = { rounds: 1, lastStepSignature: stepSignature(step) };
    expect(judgeConvergenceStep(step, history, 16)).toEqual({
      kind: 'not-converging',
      reason: 'repeated',
      message: 'the CPE accepted "set 1 parameter value(s)" but still differs',
    });
  });

  it('takes the same RPC for another purpose as progress (two instances of one table)', () => {
    const first = addPortMapping('add an instance keyed {"ExternalPort":"80"}');
    const second = addPortMapping('add an instance keyed {"ExternalPort":"443"}');
    const history = { rounds: 1, lastStepSignature: stepSignature(first) };
    expect(judgeConvergenceStep(second, history, 16).kind).toBe('send');
  });

  it('stops at the round limit a device that keeps moving without settling', () => {
    const limit = 4;
    let history = FRESH;
    const sent: string[] = [];
    for (let round = 0; round < 10; round++) {
      const verdict = judgeConvergenceStep(setSsid(round % 2 ? 'B' : 'A'), history, limit);
      if (verdict.kind !== 'send') {
        expect(verdict).toEqual({
          kind: 'not-converging',
          reason: 'round-limit',
          message: 'no convergence within 4 RPCs',
        });
        break;
      }
      sent.push(verdict.signature);
      history = verdict.history;
    }
    expect(sent).toHaveLength(limit);
    expect(history.rounds).toBe(limit);
  });

  it('reports a repeat rather than the limit when both apply', () => {
    const step = setSsid('Home');
    const history = { rounds: MAX_CONVERGENCE_ROUNDS, lastStepSignature: stepSignature(step) };
    expect(judgeConvergenceStep(step, history, MAX_CONVERGENCE_ROUNDS)).toMatchObject({
      kind: 'not-converging',
      reason: 'repeated',
    });
  });
});
