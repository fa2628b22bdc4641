import type { ApplicabilityRules } from '../rules/applicability';
import {
  InvalidVersionConstraintError,
  parseVersionConstraint,
} from '../versions/version-constraint';
import { fileTypeProblem } from './file-type';

/** What an operator says of an image before its bytes arrive. */
export interface ImageMetadata {
  readonly version: string;
  readonly fileType: string;
  readonly releaseNotes?: string;
  readonly rules: ApplicabilityRules;
}

/** A field of the metadata that does not hold, as a dotted path (`rules.ouis[1]`). */
export interface MetadataProblem {
  readonly field: string;
  readonly message: string;
}

export const METADATA_LIMITS = {
  versionLength: 64,
  releaseNotesLength: 64 * 1024,
  patternLength: 64,
  listLength: 100,
  constraintLength: 256,
} as const;

const OUI = /^[0-9A-F]{6}$/;
// Printable, no control characters: versions and patterns end up in logs, URLs and Downloads.
const PRINTABLE = /^[^\p{Cc}]+$/u;

function textProblem(field: string, value: string, maxLength: number): MetadataProblem | null {
  if (value.trim() === '' || value !== value.trim())
    return { field, message: 'must be non-empty, without surrounding spaces' };
  if (value.length > maxLength) return { field, message: `longer than ${maxLength} characters` };
  if (!PRINTABLE.test(value)) return { field, message: 'holds control characters' };
  return null;
}

function listProblems(
  field: string,
  values: readonly string[] | undefined,
  check: (value: string, field: string) => MetadataProblem | null,
): MetadataProblem[] {
  if (values === undefined) return [];
  if (values.length > METADATA_LIMITS.listLength)
    return [{ field, message: `more than ${METADATA_LIMITS.listLength} entries` }];
  return values.flatMap((value, i) => check(value, `${field}[${i}]`) ?? []);
}

function constraintProblem(appliesOver: string | undefined): MetadataProblem | null {
  if (appliesOver === undefined) return null;
  const field = 'rules.appliesOver';
  if (appliesOver.length > METADATA_LIMITS.constraintLength)
    return { field, message: `longer than ${METADATA_LIMITS.constraintLength} characters` };
  try {
    parseVersionConstraint(appliesOver);
    return null;
  } catch (error) {
    if (error instanceof InvalidVersionConstraintError) return { field, message: error.detail };
    throw error;
  }
}

/** Every problem of the metadata, in field order; empty when it may be stored. */
export function imageMetadataProblems(metadata: ImageMetadata): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  const version = textProblem('version', metadata.version, METADATA_LIMITS.versionLength);
  if (version) problems.push(version);
  const fileType = fileTypeProblem(metadata.fileType);
  if (fileType) problems.push({ field: 'fileType', message: fileType });
  if (
    metadata.releaseNotes !== undefined &&
    metadata.releaseNotes.length > METADATA_LIMITS.releaseNotesLength
  )
    problems.push({
      field: 'releaseNotes',
      message: `longer than ${METADATA_LIMITS.releaseNotesLength} characters`,
    });
  const { rules } = metadata;
  if (rules.ouis.length === 0)
    problems.push({ field: 'rules.ouis', message: 'names no OUI: an image is for some vendor' });
  problems.push(
    ...listProblems('rules.ouis', rules.ouis, (oui, field) =>
      OUI.test(oui) ? null : { field, message: 'not 6 upper-case hex digits' },
    ),
  );
  for (const key of ['productClasses', 'hardwareVersions'] as const)
    problems.push(
      ...listProblems(`rules.${key}`, rules[key], (pattern, field) =>
        textProblem(field, pattern, METADATA_LIMITS.patternLength),
      ),
    );
  const constraint = constraintProblem(rules.appliesOver);
  if (constraint) problems.push(constraint);
  return problems;
}
