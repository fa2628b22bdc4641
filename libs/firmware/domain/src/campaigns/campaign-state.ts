import type { StopRule } from './campaign-plan';

export const CAMPAIGN_STATES = [
  'scheduled',
  'running',
  'paused',
  'completed',
  'completed_with_failures',
  'cancelled',
] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const ENDED_CAMPAIGN_STATES: readonly CampaignState[] = [
  'completed',
  'completed_with_failures',
  'cancelled',
];

/** Why a campaign is paused. */
export type PauseReason =
  | { readonly by: 'operator'; readonly at: string; readonly note?: string }
  | {
      readonly by: 'rule';
      readonly at: string;
      readonly rule: StopRule;
      readonly ruleIndex: number;
      readonly observed: string;
      readonly devices: readonly string[];
    }
  | { readonly by: 'deadline'; readonly at: string };

export type CampaignAction = 'start' | 'pause' | 'resume' | 'cancel' | 'complete' | 'rollback';

const ALLOWED: Record<CampaignAction, readonly CampaignState[]> = {
  start: ['scheduled'],
  pause: ['scheduled', 'running'],
  resume: ['paused'],
  cancel: ['scheduled', 'running', 'paused'],
  complete: ['running'],
  // Rolling back is the answer to a rollout that went wrong: it is stopped first, so that no
  // device gets the new image while others are taken back from it.
  rollback: ['paused'],
};

/** Whether the action applies to a campaign in this state. */
export function campaignActionAllowed(action: CampaignAction, state: CampaignState): boolean {
  return ALLOWED[action].includes(state);
}

/** The state a finished rollout ends in. */
export function completedState(failedDevices: number): CampaignState {
  return failedDevices > 0 ? 'completed_with_failures' : 'completed';
}
