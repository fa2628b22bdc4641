import { InMemoryPendingWorkMarker, InMemorySessionProgressStore } from './in-memory';
import { describeSessionStateContract } from './session-state.contract';

describeSessionStateContract('in memory', {
  progress: () => new InMemorySessionProgressStore(),
  marker: () => new InMemoryPendingWorkMarker(),
});
