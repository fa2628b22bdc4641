/**
 * Records the queries a store sends to the server, from the driver's command monitoring (the
 * commands as they go on the wire, whatever mongoose made of the calls), one entry per query
 * statement: a bulk write's updates and deletes each count.
 */
import type { Connection } from 'mongoose';

export type Document = Record<string, unknown>;

export interface RecordedQuery {
  collection: string;
  /** `find`, `aggregate`, `update`, `delete` or `findAndModify`. */
  kind: string;
  filter: Document;
  sort?: Document;
  /** The one statement as a command that `explain` takes. */
  explainable: Document;
}

interface CommandStarted {
  commandName: string;
  command: Document;
}

const SESSION = new Set(['lsid', 'txnNumber', 'autocommit', 'startTransaction']);

const isDocument = (value: unknown): value is Document =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const documents = (value: unknown): Document[] =>
  Array.isArray(value) ? value.filter(isDocument) : [];

/** The queries of one command; none for commands without a filter (insert, createIndexes...). */
export function queriesOf({ commandName, command }: CommandStarted): RecordedQuery[] {
  const collection = command[commandName];
  if (typeof collection !== 'string') return [];
  // The driver sends a sort as a Map (it keeps the order of the keys).
  const sortOf = (value: unknown) =>
    value instanceof Map
      ? { sort: Object.fromEntries(value) as Document }
      : isDocument(value)
        ? { sort: value }
        : {};
  switch (commandName) {
    case 'find': {
      const filter = isDocument(command['filter']) ? command['filter'] : {};
      const explainable = {
        find: collection,
        filter,
        ...(command['sort'] ? { sort: command['sort'] } : {}),
      };
      return [{ collection, kind: 'find', filter, ...sortOf(command['sort']), explainable }];
    }
    case 'aggregate': {
      // countDocuments is an aggregate whose first stage is the $match.
      const pipeline = documents(command['pipeline']);
      const match = pipeline[0]?.['$match'];
      const filter = isDocument(match) ? match : {};
      const explainable = { aggregate: collection, pipeline, cursor: {} };
      return [{ collection, kind: 'aggregate', filter, explainable }];
    }
    case 'update':
      return documents(command['updates']).map((statement) => ({
        collection,
        kind: 'update',
        filter: isDocument(statement['q']) ? statement['q'] : {},
        explainable: { update: collection, updates: [statement] },
      }));
    case 'delete':
      return documents(command['deletes']).map((statement) => ({
        collection,
        kind: 'delete',
        filter: isDocument(statement['q']) ? statement['q'] : {},
        explainable: { delete: collection, deletes: [statement] },
      }));
    case 'findAndModify': {
      const filter = isDocument(command['query']) ? command['query'] : {};
      // The command without the session and routing fields the driver adds.
      const explainable = Object.fromEntries(
        Object.entries(command).filter(([key]) => !key.startsWith('$') && !SESSION.has(key)),
      );
      return [
        { collection, kind: 'findAndModify', filter, ...sortOf(command['sort']), explainable },
      ];
    }
    default:
      return [];
  }
}

/**
 * Starts recording on a connection opened with `monitorCommands: true`; `stop()` returns what
 * was recorded.
 */
export function recordQueries(connection: Connection): { stop(): RecordedQuery[] } {
  const recorded: RecordedQuery[] = [];
  const client = connection.getClient();
  const listener = (event: CommandStarted) => recorded.push(...queriesOf(event));
  client.on('commandStarted', listener);
  return {
    stop() {
      client.off('commandStarted', listener);
      return recorded;
    },
  };
}
