export { ProvisioningMetrics, timedProvisioningStores } from './provisioning-metrics';
export {
  publisherCountingOutcomes,
  sessionStoreCountingDecisions,
  wakeUpCountingOutcomes,
} from './observed-ports';
export type { WakeUp } from './observed-ports';
