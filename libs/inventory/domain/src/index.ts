export type { KnownDevice, Learned } from './model';
export { learn, learnInOrder } from './learn';
export type { DeviceLearning, LearnedStep } from './learn';
export { learnFromSessionOpened, BOOT, BOOTSTRAP } from './learn-session-opened';
export { learnFromRpcResult } from './learn-rpc-result';
export { learnFromSessionClosed, learnFromCpeRequest } from './learn-session-activity';
export { project } from './projection';
export { wentOffline } from './offline';
export type { ExpiredDevice } from './offline';
export { lifecycleEventId, offlineEventId } from './lifecycle';
export {
  DEFAULT_ONLINE_POLICY,
  checkOnlinePolicy,
  onlineUntil,
  InvalidOnlinePolicyError,
} from './online-policy';
export type { OnlinePolicy } from './online-policy';
export { subtreeRoots, isUnder } from './data-model';
export { managementServerFacts } from './management-server';
export { parametersToKnow } from './knowledge-needed';
