// The review workflow: Draft → In review → Approved, or Changes requested
// (back to the author). Only approved annotations are published. Shared by the
// server, which enforces it, and the browser, which shows the buttons that apply.
import type { AnchorStatus, AnnotationStatus } from './enums';
import { atLeast, type Actor } from './roles';

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
export const REVIEW_REFUSAL = 'Only editors and admins who are not its author can approve an annotation or request changes';

export function maySubmit(actor: Actor, a: Approvable): boolean {
  // Annotations from before accounts have no author to submit them: editors do it for them.
  return atLeast(actor.role, 'reviewer') && (a.authorId === actor.id || (a.authorId === null && atLeast(actor.role, 'editor')));
}

export function mayReview(actor: Actor, a: Approvable, allowSelfApproval: boolean): boolean {
  return atLeast(actor.role, 'editor') && (a.authorId !== actor.id || allowSelfApproval);
}

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
