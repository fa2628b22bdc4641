export * from './campaign-plan';
export * from './campaign-state';
export * from './device-progress';
export { campaignPlanProblems } from './plan-problems';
export * from './rollback';
export { InvalidPosixTimeZoneError, parsePosixTimeZone, posixOffsetMinutes } from './posix-tz';
export {
  DEVICE_TIME_ZONE,
  insideWindow,
  isIanaTimeZone,
  localMinutes,
  serviceWindowProblem,
} from './service-window';
export * from './stop-rules';
export * from './waves';
