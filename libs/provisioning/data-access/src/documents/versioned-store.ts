import type { Configuration, ConfigurationBody, Preset, PresetBody } from '@acs/contracts';

/**
 * Operator-written documents kept with their history: configurations and presets. Each change
 * names the version it replaces (optimistic concurrency), so two operators editing one document
 * cannot silently overwrite each other. Every version is kept while the document exists;
 * deleting a document deletes its history with it.
 *
 * Bodies are stored as given: validation (schema, references between documents) belongs to the
 * caller, which sees the whole picture.
 */
export interface VersionedDocument {
  id: string;
  version: number;
  /** When version 1 was written. */
  createdAt: string;
  /** When this version was written. */
  updatedAt: string;
}

export interface DocumentPage<D> {
  items: D[];
  /** All documents, not only this page. */
  total: number;
}

/** `conflict` carries the document as it is now (its current version). */
export type ReplaceOutcome<D> =
  | { outcome: 'replaced'; document: D }
  | { outcome: 'not-found' }
  | { outcome: 'conflict'; current: D };

export type DeleteOutcome<D> =
  | { outcome: 'deleted' }
  | { outcome: 'not-found' }
  | { outcome: 'conflict'; current: D };

export interface VersionedStore<Body, D extends VersionedDocument> {
  /** Stores the body as version 1 under a new id (ids sort in creation order). */
  create(body: Body): Promise<D>;
  /** Writes `body` as the next version when the current version is `expectedVersion`. */
  replace(id: string, body: Body, expectedVersion: number): Promise<ReplaceOutcome<D>>;
  /** The current version, or null. */
  get(id: string): Promise<D | null>;
  /** One version of a document, or null (unknown document or version). */
  getVersion(id: string, version: number): Promise<D | null>;
  /** Every version, newest first; empty for an unknown document. */
  versions(id: string): Promise<D[]>;
  /** Current versions in creation order. */
  list(page: { limit: number; skip?: number }): Promise<DocumentPage<D>>;
  /** Deletes the document and its history; only at `expectedVersion` when that is given. */
  delete(id: string, expectedVersion?: number): Promise<DeleteOutcome<D>>;
  /**
   * A number that grows on every create, replace and delete of any configuration or preset (the
   * two stores of one backend share it): provisioning keeps it with each device's evaluation and
   * re-evaluates when it has moved. It may grow by more than one per change, never by less.
   */
  revision(): Promise<number>;
}

export type ConfigurationStore = VersionedStore<ConfigurationBody, Configuration>;

export interface PresetStore extends VersionedStore<PresetBody, Preset> {
  /**
   * Current versions of the presets that are enabled (`enabled` absent counts as enabled), highest
   * precedence first, then in creation order: what provisioning evaluates.
   */
  listEnabledPresets(): Promise<Preset[]>;
  /** Ids of the presets whose current version applies that configuration, in creation order. */
  presetsUsing(configurationId: string): Promise<string[]>;
}

/** The document a store returns: the body's fields and the version's. */
export function documentOf<Body extends object, D extends VersionedDocument>(
  body: Body,
  meta: VersionedDocument,
): D {
  return { ...body, ...meta } as unknown as D;
}
