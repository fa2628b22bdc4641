/** Kafka topics of the platform. Internal topics carry `cwmp.`, public ones `acs.`. */
export const TOPICS = {
  /** What CPEs said in their sessions, keyed by device id (internal). */
  sessionEvents: 'cwmp.session-events',
  /** Changes other contexts ask of inventory, the owner of device documents (internal). */
  deviceChanges: 'cwmp.device-changes',
  /** Lifecycle and outcome events for OSS/BSS (public). */
  events: 'acs.events',
  /** Commands from OSS/BSS (public, in). */
  commands: 'acs.commands',
  /** Results of those commands, correlated by command id (public, out). */
  commandResults: 'acs.command-results',
  /** The operator API's audit trail, for a SIEM (public, out). */
  audit: 'acs.audit',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * Partitions each topic gets when `npm run kafka:topics` creates it, unless told otherwise. A
 * topic's partitions bound how many instances of its consumer group share the work, and they
 * cannot be added later without moving devices to other partitions (and so reordering one
 * device's events across the change): start with room to scale out.
 */
export const TOPIC_DEFAULT_PARTITIONS: Record<Topic, number> = {
  [TOPICS.sessionEvents]: 48,
  [TOPICS.deviceChanges]: 12,
  [TOPICS.events]: 12,
  [TOPICS.commands]: 6,
  [TOPICS.commandResults]: 6,
  // One key, so one partition: the audit chain keeps its order on the topic.
  [TOPICS.audit]: 1,
};
