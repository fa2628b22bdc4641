import type { MetadataProblem } from '../images/image-metadata';
import { PLAN_LIMITS, type CampaignPlan, type StopRule, type WavePlan } from './campaign-plan';
import { serviceWindowProblem } from './service-window';

function wholeIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function waveProblems(waves: WavePlan): MetadataProblem[] {
  const field = 'waves';
  switch (waves.kind) {
    case 'equal':
      return wholeIn(waves.count, 1, PLAN_LIMITS.maxWaves)
        ? []
        : [
            {
              field: `${field}.count`,
              message: `a whole number from 1 to ${PLAN_LIMITS.maxWaves}`,
            },
          ];
    case 'sizes':
      if (waves.sizes.length < 1 || waves.sizes.length > PLAN_LIMITS.maxWaves)
        return [{ field: `${field}.sizes`, message: `1 to ${PLAN_LIMITS.maxWaves} sizes` }];
      return waves.sizes.flatMap((size, i) =>
        Number.isInteger(size) && size >= 1
          ? []
          : [{ field: `${field}.sizes[${i}]`, message: 'a whole number of devices, at least 1' }],
      );
    case 'exponential': {
      const problems: MetadataProblem[] = [];
      if (!Number.isInteger(waves.initial) || waves.initial < 1)
        problems.push({
          field: `${field}.initial`,
          message: 'a whole number of devices, at least 1',
        });
      if (!(waves.factor >= 1 && waves.factor <= 10))
        problems.push({ field: `${field}.factor`, message: 'from 1 to 10' });
      return problems;
    }
  }
}

function ruleProblems(rule: StopRule, field: string): MetadataProblem[] {
  if (rule.kind === 'count')
    return Number.isInteger(rule.atLeast) && rule.atLeast >= 1
      ? []
      : [{ field: `${field}.atLeast`, message: 'a whole number of devices, at least 1' }];
  const problems: MetadataProblem[] = [];
  if (!wholeIn(rule.over, 1, PLAN_LIMITS.maxRatioWindow))
    problems.push({
      field: `${field}.over`,
      message: `a whole number of devices from 1 to ${PLAN_LIMITS.maxRatioWindow}`,
    });
  if (!(rule.atLeast > 0 && rule.atLeast <= 1))
    problems.push({ field: `${field}.atLeast`, message: 'a fraction above 0, at most 1' });
  return problems;
}

/** Every problem of a plan, in field order; empty when a campaign may run it. */
export function campaignPlanProblems(plan: CampaignPlan, now: Date): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  const { canary } = plan;
  if (canary) {
    if ((canary.share === undefined) === (canary.count === undefined))
      problems.push({ field: 'canary', message: 'give either share or count' });
    if (canary.share !== undefined && !(canary.share > 0 && canary.share < 1))
      problems.push({ field: 'canary.share', message: 'a fraction above 0 and below 1' });
    if (canary.count !== undefined && !(Number.isInteger(canary.count) && canary.count >= 1))
      problems.push({ field: 'canary.count', message: 'a whole number of devices, at least 1' });
    if (!wholeIn(canary.soakSeconds, 0, PLAN_LIMITS.maxSeconds))
      problems.push({ field: 'canary.soakSeconds', message: 'whole seconds, up to a year' });
  }
  problems.push(...waveProblems(plan.waves));
  if (
    plan.waveSoakSeconds !== undefined &&
    !wholeIn(plan.waveSoakSeconds, 0, PLAN_LIMITS.maxSeconds)
  )
    problems.push({ field: 'waveSoakSeconds', message: 'whole seconds, up to a year' });
  if (!wholeIn(plan.maxInFlight, 1, PLAN_LIMITS.maxInFlight))
    problems.push({ field: 'maxInFlight', message: `from 1 to ${PLAN_LIMITS.maxInFlight}` });
  if (!wholeIn(plan.maxPerMinute, 1, PLAN_LIMITS.maxPerMinute))
    problems.push({ field: 'maxPerMinute', message: `from 1 to ${PLAN_LIMITS.maxPerMinute}` });
  const window = plan.window ? serviceWindowProblem(plan.window) : null;
  if (window) problems.push({ field: 'window', message: window });
  if (plan.stopRules.length > PLAN_LIMITS.maxStopRules)
    problems.push({ field: 'stopRules', message: `at most ${PLAN_LIMITS.maxStopRules} rules` });
  plan.stopRules.forEach((rule, i) => problems.push(...ruleProblems(rule, `stopRules[${i}]`)));
  if (plan.deadline !== undefined) {
    const deadline = Date.parse(plan.deadline);
    if (Number.isNaN(deadline)) problems.push({ field: 'deadline', message: 'an ISO 8601 time' });
    else if (deadline <= now.getTime())
      problems.push({ field: 'deadline', message: 'already past' });
  }
  if (!wholeIn(plan.retries.max, 0, PLAN_LIMITS.maxRetries))
    problems.push({ field: 'retries.max', message: `from 0 to ${PLAN_LIMITS.maxRetries}` });
  if (!wholeIn(plan.retries.backoffSeconds, 1, PLAN_LIMITS.maxSeconds))
    problems.push({ field: 'retries.backoffSeconds', message: 'whole seconds, at least 1' });
  if (!wholeIn(plan.confirmTimeoutSeconds, 10, PLAN_LIMITS.maxSeconds))
    problems.push({ field: 'confirmTimeoutSeconds', message: 'whole seconds from 10 to a year' });
  return problems;
}
