// A refused save, told in people's words with what to do next. The server's
// own sentence (ids, positions) is technical detail: it goes to the console
// for whoever debugs, not into the sentence the reviewer reads.
import type { Node as PMNode } from 'prosemirror-model';
import { checkAnchor, findQuote } from '@/server/domain/anchoring';
import { refusalReason } from '../ui/trpc';
import type { DraftAnchor } from './form/form-drafts';

export const GONE_MESSAGE =
  'Someone deleted this annotation while you were editing it: your text is kept below; save it as a new annotation?';
export const GONE_TEXT_MISSING =
  'Someone deleted this annotation while you were editing it, and the text it was on is no longer in the article. Your text is kept below: select the claim in the article and press “Annotate selection” to save it there.';
export const STALE_MESSAGE = 'The article changed since you opened it. Reload to see the current text; your text is kept.';
export const TEXT_MISSING =
  'The text this draft was written for is no longer in the article. Your text is kept below: select the claim in the article and press “Annotate selection” to save it there.';

/**
 * - gone: the annotation was deleted (by someone else) while this edit was on its way;
 * - stale: the positions sent no longer fit the article, or the article is not there:
 *   the page shows an older text than the server has;
 * - other: anything else, shown with the server's sentence (it is written for people).
 */
export type RefusalKind = 'gone' | 'stale' | 'other';

export function refusalKind(kind: 'create' | 'update', error: unknown): RefusalKind {
  const reason = refusalReason(error);
  // Only the article can be missing for a create; for an update, only the annotation.
  if (kind === 'update' && reason === 'not_found') return 'gone';
  if (kind === 'create' && (reason === 'not_found' || reason === 'anchor_mismatch')) return 'stale';
  return 'other';
}

/** Where `anchor` is on the page's text: where it was, or where its quote is now; null when the text is gone. */
export function placeOnPage(doc: PMNode, anchor: DraftAnchor): DraftAnchor | null {
  if (checkAnchor(doc, anchor).ok) return anchor;
  const found = findQuote(doc, anchor.exact);
  return found ? { ...found, exact: anchor.exact } : null;
}
