// The review workflow: Draft → In review → Approved, or Changes requested
// (back to the author). Only approved annotations are published. Shared by the
// server, which enforces it, and the browser, which shows the buttons that apply.
import type { AnchorStatus, AnnotationStatus } from './enums';

export { ANNOTATION_STATUSES, type AnnotationStatus } from './enums';

export const STATUS_LABELS: Record<AnnotationStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  changes_requested: 'Changes requested',
};

/** What approval looks at: the content and where the annotation sits. */
export interface Approvable {
  authorId: string | null;
  status: AnnotationStatus;
  rationale: string;
  evidence: readonly unknown[];
  anchorStatus: AnchorStatus;
}

export const SUBMIT_REFUSAL = 'Only the author can submit an annotation for review';
export const NEEDS_VERDICT_REFUSAL = 'This annotation needs a verdict: choose one from the scale and save it, then submit it for review';
export const REVIEW_REFUSAL = 'Only editors and admins who are not its author can approve an annotation or request changes';
export const OWN_CHANGE_REFUSAL =
  'You changed this annotation since it was submitted for review: another editor or admin must approve it, so that someone else has read your change';

/** Statuses from which each step may be taken. */
export const CAN_SUBMIT_FROM: readonly AnnotationStatus[] = ['draft', 'changes_requested'];
export const CAN_REVIEW_FROM: readonly AnnotationStatus[] = ['in_review'];

/**
 * Why an annotation cannot be approved as it stands, in words for the person
 * pressing Approve; empty when it can. `needsEvidence` is the verdict's setting.
 */
export function approvalProblems(a: Approvable, needsEvidence: boolean): string[] {
  const problems: string[] = [];
  if (a.anchorStatus === 'orphaned') problems.push('its text is not in the current revision: re-attach it first');
  else if (a.anchorStatus !== 'exact') problems.push('it was re-anchored in a new revision: check and confirm its position first');
  if (!a.rationale.trim()) problems.push('it has no rationale');
  if (needsEvidence && a.evidence.length === 0) problems.push('its verdict needs at least one evidence link');
  return problems;
}

/** The content fields whose change sends an approved annotation back to review. */
export const REVIEWED_FIELDS = [
  'verdict',
  'rationale',
  'evidence',
  'claimSummary',
  'claimAuthor',
  'claimAppearanceUrl',
  'claimAppearanceDate',
] as const;
export type ReviewedField = (typeof REVIEWED_FIELDS)[number];

/**
 * The one rule for changes: an approved annotation whose published text or
 * place changes goes back to review, and is not published until approved again.
 */
export function statusAfterChange(status: AnnotationStatus): AnnotationStatus {
  return status === 'approved' ? 'in_review' : status;
}

/** One history entry, as the four-eyes rule reads it. */
export interface TrailEvent {
  type: string;
  actorId: string | null;
  before: unknown;
  after: unknown;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' ? (v as Rec) : {});

/**
 * Who has a hand in the text an approval would publish: for each published
 * field (the quote and the REVIEWED_FIELDS), the last person who changed it
 * since the latest submission, and the submitter (who vouches for the text,
 * and for an annotation from before accounts stands in for its author).
 * Without a submission, the whole trail counts. `trail` is oldest first.
 */
export function contentChangersSinceSubmission(trail: readonly TrailEvent[]): string[] {
  let start = 0;
  for (let i = trail.length - 1; i >= 0; i--) {
    if (trail[i].type === 'annotation.status' && rec(trail[i].after).via === 'submit') {
      start = i;
      break;
    }
  }
  const last = new Map<string, string | null>();
  let submitter: string | null = null;
  for (const event of trail.slice(start)) {
    const after = rec(event.after);
    switch (event.type) {
      case 'annotation.status':
        if (after.via === 'submit') submitter = event.actorId;
        break;
      case 'annotation.created':
      case 'annotation.imported':
        for (const field of ['quote', ...REVIEWED_FIELDS]) last.set(field, event.actorId);
        break;
      case 'annotation.updated':
      case 'annotation.version_restored':
        for (const field of REVIEWED_FIELDS) if (field in after) last.set(field, event.actorId);
        break;
      case 'annotation.reattached':
        last.set('quote', event.actorId);
        break;
      case 'annotation.reanchored':
        // A revision that rewords the quote changed it; one that only shifts it did not.
        if (rec(event.before).exact !== after.exact) last.set('quote', event.actorId);
        break;
    }
  }
  const people = new Set([...last.values(), submitter].filter((id): id is string => id !== null));
  return [...people];
}
