/** Kafka topics of the platform. Internal topics carry `cwmp.`, public ones `acs.`. */
export const TOPICS = {
  /** What CPEs said in their sessions, keyed by device id (internal). */
  sessionEvents: 'cwmp.session-events',
  /** Lifecycle and outcome events for OSS/BSS (public). */
  events: 'acs.events',
  /** Commands from OSS/BSS (public, in). */
  commands: 'acs.commands',
  /** Results of those commands, correlated by command id (public, out). */
  commandResults: 'acs.command-results',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
