// Why the server refused a request, as a code the browser can switch on. The
// sentence that goes with it is for people and may be reworded; the code is
// the contract. Sent in tRPC's error `data.reason` (see server/trpc.ts).
// No zod here: every page's layout reads reasons (components/ui/trpc.tsx), and
// a list lookup keeps zod out of the script every page loads.

export const REFUSAL_REASONS = [
  /** Not signed in, or signed in with too low a role. */
  'sign_in_required',
  'role',
  /** Forbidden for another reason than the role: someone else's annotation or comment, say. */
  'forbidden',
  /** Only the author submits. */
  'not_author',
  /** Approving or reviewing one's own annotation, without self-approval allowed on the desk. */
  'own_annotation',
  /** Approving what one changed since it was submitted: four eyes on the final text. */
  'own_change',
  /** The annotation's status does not allow this step now. */
  'wrong_status',
  /** Imported without a verdict: one must be chosen before it is submitted. */
  'needs_verdict',
  /** The annotation is not ready to be approved (rationale, evidence, anchor). */
  'not_approvable',
  /**
   * A revision changed the words (numbers, dates) of the quote since its verdict was given, and nobody has answered
   * "is the verdict still right?": approval waits for the answer.
   */
  'verdict_unconfirmed',
  /** The positions sent do not fit the article's current text: the page shows an older text. */
  'anchor_mismatch',
  /** The article got a new revision while the request was on its way. */
  'revised_meanwhile',
  'not_found',
  /** Publishing refused: the article's readiness is not green (the sentence lists what blocks it). */
  'not_ready',
  'conflict',
  /** Anything else the input got wrong; the sentence says what. */
  'invalid_input',
  'too_many_requests',
  /** The disk is full: the change is kept and retried. */
  'out_of_disk',
  /** A failure on the server; the sentence carries a reference to its log entry. */
  'server_error',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

const KNOWN: ReadonlySet<string> = new Set(REFUSAL_REASONS);

/** The reason an error's data carries, or null when it carries none this app knows. */
export function reasonOf(data: unknown): RefusalReason | null {
  const reason = data && typeof data === 'object' ? (data as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' && KNOWN.has(reason) ? (reason as RefusalReason) : null;
}
