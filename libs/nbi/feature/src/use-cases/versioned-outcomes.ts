import type {
  DeleteOutcome,
  ReplaceOutcome,
  VersionedDocument,
} from '@acs/provisioning-data-access';
import { NotFoundError, VersionConflictError } from '../errors/nbi-errors';

type Kind = 'configuration' | 'preset';

export function documentNotFound(kind: Kind, id: string): NotFoundError {
  return new NotFoundError(`${kind}-not-found`, `no ${kind} ${id}`);
}

function staleVersion(kind: Kind, id: string, named: number, current: number) {
  return new VersionConflictError(
    `${kind} ${id} is at version ${current}, not ${named}: read it again and apply the change to it`,
    current,
  );
}

/** The replaced document, or the error the answer is: 404, or 409 with the current version. */
export function replacedOrThrow<D extends VersionedDocument>(
  outcome: ReplaceOutcome<D>,
  kind: Kind,
  id: string,
  named: number,
): D {
  if (outcome.outcome === 'not-found') throw documentNotFound(kind, id);
  if (outcome.outcome === 'conflict') {
    throw staleVersion(kind, id, named, outcome.current.version);
  }
  return outcome.document;
}

export function deletedOrThrow<D extends VersionedDocument>(
  outcome: DeleteOutcome<D>,
  kind: Kind,
  id: string,
  named: number | undefined,
): void {
  if (outcome.outcome === 'not-found') throw documentNotFound(kind, id);
  if (outcome.outcome === 'conflict') {
    throw staleVersion(kind, id, named ?? 0, outcome.current.version);
  }
}
