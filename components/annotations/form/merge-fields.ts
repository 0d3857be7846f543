// Two people changed the same annotation: a field-by-field, three-way merge
// against the version the form started from (its base). A field only one side
// changed is taken from that side without asking; only a field both changed,
// to different values, waits for a decision. Pure: the store merges a save
// that met a newer version with it, and the conflict view shows its result.
import type { AnnotationDraft } from '../annotation-draft';

/** Every field a save changes, in the order the form shows them. */
export const MERGED_FIELDS = [
  'verdict',
  'rationale',
  'claimSummary',
  'claimAuthor',
  'claimAppearanceUrl',
  'claimAppearanceDate',
  'evidence',
] as const satisfies readonly (keyof AnnotationDraft)[];

export type MergedField = (typeof MERGED_FIELDS)[number];

/** How the form and the history name the fields. */
export const FIELD_LABELS: Record<MergedField, string> = {
  verdict: 'Verdict',
  rationale: 'Rationale',
  claimSummary: 'Claim summary',
  claimAuthor: 'Claim made by',
  claimAppearanceUrl: 'Claim first appeared at',
  claimAppearanceDate: 'Date the claim first appeared',
  evidence: 'Evidence',
};

/** A version the form started from: what the server held, and its version number (what a save says it edited). */
export interface FormBase {
  version: number;
  draft: AnnotationDraft;
}

export interface FieldMerge {
  /** Their changes with yours; where both changed a field, yours (until decided otherwise). */
  draft: AnnotationDraft;
  /** Both changed, to different values: the fields to ask about. */
  conflicts: MergedField[];
  /** Only they changed: taken from theirs. */
  theirs: MergedField[];
  /** Only you changed: taken from yours. */
  yours: MergedField[];
  /** Their version, for choosing theirs where both changed. */
  theirDraft: AnnotationDraft;
}

// The server trims the claim details and stores an empty one as nothing: the same value however it was typed.
const TRIMMED: ReadonlySet<MergedField> = new Set(['claimSummary', 'claimAuthor', 'claimAppearanceUrl', 'claimAppearanceDate']);

const evidenceKey = (items: AnnotationDraft['evidence']) => JSON.stringify(items.map((e) => [e.url, e.title, e.excerpt ?? null]));

/** Whether two versions hold the same value for `field`. */
export function sameField(field: MergedField, a: AnnotationDraft, b: AnnotationDraft): boolean {
  if (field === 'evidence') return evidenceKey(a.evidence) === evidenceKey(b.evidence);
  return TRIMMED.has(field) ? a[field].trim() === b[field].trim() : a[field] === b[field];
}

/** Merges `yours` and `theirs`, both made from `base`. */
export function mergeFields(base: AnnotationDraft, yours: AnnotationDraft, theirs: AnnotationDraft): FieldMerge {
  const draft: AnnotationDraft = { ...yours };
  const merge: FieldMerge = { draft, conflicts: [], theirs: [], yours: [], theirDraft: theirs };
  for (const field of MERGED_FIELDS) {
    const mine = !sameField(field, base, yours);
    const their = !sameField(field, base, theirs);
    if (their && !mine) {
      setField(draft, field, theirs);
      merge.theirs.push(field);
    } else if (mine && !their) {
      merge.yours.push(field);
    } else if (mine && their && !sameField(field, yours, theirs)) {
      merge.conflicts.push(field);
    }
  }
  return merge;
}

/** The merge with the fields both changed decided: all yours, or all theirs. */
export function resolveMerge(merge: FieldMerge, keep: 'yours' | 'theirs'): AnnotationDraft {
  const draft = { ...merge.draft };
  if (keep === 'theirs') for (const field of merge.conflicts) setField(draft, field, merge.theirDraft);
  return draft;
}

function setField(into: AnnotationDraft, field: MergedField, from: AnnotationDraft): void {
  if (field === 'evidence') into.evidence = from.evidence;
  else into[field] = from[field];
}
