import { InMemoryPendingWorkMarker, InMemorySessionProgressStore } from './in-memory';
import { describeProgressStoreContract } from './progress-store.contract';

describeProgressStoreContract('in memory', {
  progress: () => new InMemorySessionProgressStore(),
  marker: () => new InMemoryPendingWorkMarker(),
});
