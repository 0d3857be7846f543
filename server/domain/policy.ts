// Who may do what: every permission rule of the app, as pure functions over
// the actor and the data the decision needs. The server enforces them (the
// procedure bases in server/trpc.ts and the services); the browser asks the
// same functions only to hide what the server would refuse.
import type { Role } from './enums';
import { atLeast, type Actor } from './roles';

type Who = Pick<Actor, 'id' | 'role'>;

/** What ownership rules look at: annotations from before accounts have no author. */
export interface Authored {
  authorId: string | null;
}

/** What approval looks at besides the role: who wrote it, and who changed its published text since it was submitted. */
export interface ApprovalFacts extends Authored {
  /** People who last changed a published field since submission (see `contentChangersSinceSubmission`); unknown when omitted. */
  changedBy?: readonly string[];
}

export interface DeskRules {
  /** The desk's "Allow self-approval" setting. */
  allowSelfApproval: boolean;
}

/** Why an approval is refused, or null when it is not. */
export type ApprovalRefusal = 'role' | 'own_annotation' | 'own_change';

export function approvalRefusal(actor: Who, a: ApprovalFacts, desk: DeskRules): ApprovalRefusal | null {
  if (!atLeast(actor.role, 'editor')) return 'role';
  if (desk.allowSelfApproval) return null;
  if (a.authorId === actor.id) return 'own_annotation';
  if (a.changedBy?.includes(actor.id)) return 'own_change';
  return null;
}

/** Imported annotations may come without a verdict ("Needs a verdict"): such a draft is not submitted. */
export const hasVerdict = (a: { verdict: string; needsVerdict?: boolean }) => a.verdict !== '' && a.needsVerdict !== true;

export const can = {
  /** The procedure bases' check: `least` or a role above it. */
  actAs: (actor: Who, least: Role) => atLeast(actor.role, least),
  /** Annotate, import articles and save revisions. */
  annotate: (actor: Who) => atLeast(actor.role, 'reviewer'),
  importArticles: (actor: Who) => atLeast(actor.role, 'reviewer'),
  /** Delete and restore whole articles, and see the deleted ones. */
  manageArticles: (actor: Who) => atLeast(actor.role, 'editor'),
  /** Bring back an earlier version of an annotation from the history. */
  restoreFromHistory: (actor: Who) => atLeast(actor.role, 'editor'),
  resolveDiscussion: (actor: Who) => atLeast(actor.role, 'editor'),
  manageSettings: (actor: Who) => atLeast(actor.role, 'admin'),
  managePeople: (actor: Who) => atLeast(actor.role, 'admin'),
  invite: (actor: Who) => atLeast(actor.role, 'admin'),

  /** Reviewers own what they wrote; editors and admins may change anyone's. Annotations from before accounts have no owner. */
  editAnnotation: (actor: Who, a: Authored) =>
    atLeast(actor.role, 'editor') || (actor.role === 'reviewer' && a.authorId !== null && a.authorId === actor.id),
  deleteAnnotation: (actor: Who, a: Authored) => can.editAnnotation(actor, a),

  /** The author submits; annotations from before accounts have no author, so editors do it for them. */
  submit: (actor: Who, a: Authored) =>
    atLeast(actor.role, 'reviewer') && (a.authorId === actor.id || (a.authorId === null && atLeast(actor.role, 'editor'))),
  /** Editors and admins send back what others wrote; their own too when the desk allows self-approval. */
  requestChanges: (actor: Who, a: Authored, desk: DeskRules) =>
    atLeast(actor.role, 'editor') && (a.authorId !== actor.id || desk.allowSelfApproval),
  /**
   * Four eyes on the final text: an editor or admin who neither wrote it nor
   * changed its published text since it was submitted, unless the desk allows
   * self-approval. Without `changedBy` (the browser does not know it) only the
   * author is ruled out, and the server has the last word.
   */
  approve: (actor: Who, a: ApprovalFacts, desk: DeskRules) => approvalRefusal(actor, a, desk) === null,

  /** Who may be handed an annotation to check: anyone who may annotate. */
  beAssigned: (person: Who) => atLeast(person.role, 'reviewer'),
  /** Editors and admins assign anyone, or nobody; a reviewer takes an unassigned annotation for themselves, and may give it back. */
  assignAnyone: (actor: Who) => atLeast(actor.role, 'editor'),
  assign: (actor: Who, a: { assignedToId: string | null }, assigneeId: string | null) =>
    can.assignAnyone(actor) ||
    (actor.role === 'reviewer' &&
      ((assigneeId === actor.id && a.assignedToId === null) || (assigneeId === null && a.assignedToId === actor.id))),
  /** Editors and admins see what waits for their sign-off. */
  review: (actor: Who) => atLeast(actor.role, 'editor'),
  /** Publish a version of an article's fact-check, change its public page's framing, or unpublish it. */
  publish: (actor: Who) => atLeast(actor.role, 'editor'),
  /** Viewers read what is published; those who annotate find drafts and work in review too. */
  seeUnpublished: (actor: Who) => atLeast(actor.role, 'reviewer'),
};
