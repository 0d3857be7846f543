// How an article's plain text is derived from its document. Anchors' quotes,
// search and the stored `plain_text` column all use this one definition:
// textblocks are separated by a blank line ("\n\n"), a hard break is "\n",
// and nothing else adds characters.
import type { Node as PMNode } from 'prosemirror-model';

export const BLOCK_SEPARATOR = '\n\n';
export const LEAF_TEXT = '\n';

export function textBetween(doc: PMNode, from: number, to: number): string {
  return doc.textBetween(from, to, BLOCK_SEPARATOR, LEAF_TEXT);
}

export function plainTextOf(doc: PMNode): string {
  return textBetween(doc, 0, doc.content.size);
}

/**
 * An article's text as the database keeps it: the document's JSON, already
 * serialised, and its plain text. The import worker makes it, so the thread
 * that answers requests writes two strings instead of walking a document of
 * megabytes (parse, check, serialise: over a second for 2 MB).
 */
export interface StoredBody {
  json: string;
  plainText: string;
}

export function storedBodyOf(doc: PMNode): StoredBody {
  return { json: JSON.stringify(doc.toJSON()), plainText: plainTextOf(doc) };
}
