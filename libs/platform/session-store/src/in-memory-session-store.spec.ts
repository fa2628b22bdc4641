import { InMemorySessionStore } from './in-memory-session-store';
import { sessionStoreContract } from './session-store.contract';

// Pods of one process share the store, as the all-in-one app's modules do.
const shared = new InMemorySessionStore();
sessionStoreContract('in-memory', { create: async () => shared });
