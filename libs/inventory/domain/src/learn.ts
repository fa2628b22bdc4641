import type { SessionEvent } from '@acs/contracts';
import { learnFromRpcResult } from './learn-rpc-result';
import { learnFromCpeRequest, learnFromSessionClosed } from './learn-session-activity';
import { learnFromSessionOpened } from './learn-session-opened';
import type { OnlinePolicy } from './online-policy';
import { project } from './projection';
import type { KnownDevice, Learned } from './model';

/** What one session event teaches about its device, learned against what is known of it. */
export function learn(
  event: SessionEvent,
  known: KnownDevice | null,
  policy: OnlinePolicy,
): Learned {
  switch (event.type) {
    case 'SessionOpened':
      return learnFromSessionOpened(event, known, policy);
    case 'RpcResult':
      return learnFromRpcResult(event, known, policy);
    case 'SessionClosed':
      return learnFromSessionClosed(event, known);
    case 'CpeRequest':
      return learnFromCpeRequest(event, known);
  }
}

export interface LearnedStep extends Learned {
  source: SessionEvent;
}

export interface DeviceLearning {
  /** One per event, in order: what it teaches and the lifecycle events it yields. */
  steps: LearnedStep[];
  /** The device as it will be once the updates are applied. */
  known: KnownDevice | null;
}

/** One device's events of a batch, in order, each learned against what the previous ones taught. */
export function learnInOrder(
  events: readonly SessionEvent[],
  known: KnownDevice | null,
  policy: OnlinePolicy,
): DeviceLearning {
  const steps: LearnedStep[] = [];
  let current = known;
  for (const source of events) {
    const learned = learn(source, current, policy);
    steps.push({ source, ...learned });
    current = project(current, learned.update);
  }
  return { steps, known: current };
}
