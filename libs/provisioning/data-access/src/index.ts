export * from './documents/versioned-store';
export {
  EmbeddedConfigurationStore,
  EmbeddedPresetStore,
} from './documents/embedded-versioned-store';
export { MongoConfigurationStore, MongoPresetStore } from './documents/mongo-versioned-store';
export * from './subscribers/subscriber-store';
export { EmbeddedSubscriberStore } from './subscribers/embedded-subscriber-store';
export { MongoSubscriberStore } from './subscribers/mongo-subscriber-store';
export * from './commands/command-log';
export { EmbeddedCommandLog } from './commands/embedded-command-log';
export { MongoCommandLog } from './commands/mongo-command-log';
export {
  openProvisioningDatabase,
  PROVISIONING_DATABASE_FILE,
} from './embedded/provisioning-database';
export type { ProvisioningDatabase } from './embedded/provisioning-database';
export * from './provisioning-stores';
export * from './tasks/task-store';
export { EmbeddedTaskStore } from './tasks/embedded-task-store';
export { MongoTaskStore } from './tasks/mongo-task-store';
export { adoptFormerTasks } from './tasks/adopt-former-tasks';
