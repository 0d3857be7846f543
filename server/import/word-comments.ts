// Word comments (word/comments.xml), read so that each can be offered as a
// draft annotation on the words it marks. document.xml anchors a comment by
// `commentRangeStart`/`commentRangeEnd` markers between runs, possibly across
// paragraphs; the quote is the text between them as mammoth reads it (tracked
// insertions kept, deletions left out), with the context on either side, so
// the import can place it on the article by quote like any Web Annotation.
//
// The XML is parsed with @xmldom/xmldom, the parser mammoth itself uses: it
// expands no DTD entities and fetches nothing. The parts it reads were sized by
// checkDocxArchive before (zip bombs are refused there).
import { DOMParser } from '@xmldom/xmldom';
import type JSZip from 'jszip';
import { QUOTE_CONTEXT_LENGTH } from '@/server/domain/limits';
import type { WordCommentInput } from '@/server/domain/word-comment-import';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A comment, its author and date as Word wrote them, and the words it marks with their context. */
export type WordComment = WordCommentInput;

export interface WordComments {
  comments: WordComment[];
  /** Comments that mark no words (a point comment, or a range that lost its end), by author and start of text. */
  unmarked: { author: string | null; text: string }[];
}

interface XmlNode {
  nodeType: number;
  namespaceURI?: string | null;
  localName?: string | null;
  nodeValue?: string | null;
  childNodes?: ArrayLike<XmlNode>;
  getAttributeNS?: (ns: string, name: string) => string | null;
  getAttribute?: (name: string) => string | null;
}

const ELEMENT = 1;

function parseXml(xml: string): XmlNode {
  // Malformed markup is read as far as it goes, as mammoth does; nothing is logged.
  const quiet = { warning: () => {}, error: () => {}, fatalError: () => {} };
  const parsed = new DOMParser({ errorHandler: quiet }).parseFromString(xml, 'text/xml');
  return (parsed.documentElement ?? { nodeType: 0 }) as unknown as XmlNode;
}

const attr = (node: XmlNode, name: string): string | null => node.getAttributeNS?.(W, name) || node.getAttribute?.(`w:${name}`) || null;

/**
 * Walks WordprocessingML in document order, writing the text mammoth would
 * read (paragraphs apart by a blank line, as the article's plain text has
 * them) and calling `marker` at each comment range marker with the offset.
 */
function readText(root: XmlNode, marker?: (kind: 'start' | 'end', id: string, offset: number) => void): string {
  let text = '';
  // A walk by hand rather than recursion: a document nests tables in tables as deep as it likes.
  const stack: { node: XmlNode; deleted: boolean; closeParagraph?: boolean }[] = [{ node: root, deleted: false }];
  while (stack.length) {
    const { node, deleted, closeParagraph } = stack.pop()!;
    if (closeParagraph) {
      if (text && !text.endsWith('\n\n')) text += '\n\n';
      continue;
    }
    if (node.nodeType !== ELEMENT) continue;
    const name = node.namespaceURI === W ? node.localName : null;
    if (name === 'commentRangeStart' || name === 'commentRangeEnd') {
      const id = attr(node, 'id');
      if (id !== null) marker?.(name === 'commentRangeStart' ? 'start' : 'end', id, text.length);
      continue;
    }
    // Properties hold no text; deleted runs and field codes are not in what mammoth reads.
    if (name === 'pPr' || name === 'rPr' || name === 'instrText' || name === 'delText') continue;
    if (!deleted) {
      if (name === 't') text += node.childNodes ? Array.from(node.childNodes, (c) => c.nodeValue ?? '').join('') : '';
      else if (name === 'tab') text += '\t';
      else if (name === 'br' || name === 'cr') text += '\n';
      else if (name === 'noBreakHyphen') text += '-';
    }
    const children = node.childNodes ? Array.from(node.childNodes) : [];
    const inDeletion = deleted || name === 'del' || name === 'moveFrom';
    if (name === 'p') stack.push({ node, deleted, closeParagraph: true });
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], deleted: inDeletion });
  }
  return text;
}

const codePoints = (s: string) => Array.from(s);

/** Reads the comments of a .docx whose parts were already checked for size; none when it has no comments part. */
export async function readWordComments(zip: JSZip): Promise<WordComments> {
  const commentsPart = zip.file('word/comments.xml');
  const documentPart = zip.file('word/document.xml');
  if (!commentsPart || !documentPart) return { comments: [], unmarked: [] };

  const byId = new Map<string, { author: string | null; date: string | null; text: string }>();
  const commentsRoot = parseXml(await commentsPart.async('string'));
  const stack: XmlNode[] = [commentsRoot];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeType === ELEMENT && node.namespaceURI === W && node.localName === 'comment') {
      const id = attr(node, 'id');
      const text = readText(node).replace(/\n\n/g, '\n').trim();
      if (id !== null) byId.set(id, { author: attr(node, 'author'), date: attr(node, 'date'), text });
      continue;
    }
    if (node.childNodes) stack.push(...Array.from(node.childNodes));
  }

  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  const text = readText(parseXml(await documentPart.async('string')), (kind, id, offset) => {
    const map = kind === 'start' ? starts : ends;
    if (!map.has(id)) map.set(id, offset);
  });

  const comments: WordComment[] = [];
  const unmarked: WordComments['unmarked'] = [];
  for (const [id, comment] of byId) {
    let start = starts.get(id);
    let end = ends.get(id);
    if (start !== undefined && end !== undefined && end > start) {
      // The marked words without the blank lines or spaces a range often takes in at its ends.
      while (start < end && /\s/.test(text[start])) start++;
      while (end > start && /\s/.test(text[end - 1])) end--;
    }
    if (start === undefined || end === undefined || end <= start) {
      unmarked.push({ author: comment.author, text: comment.text });
      continue;
    }
    comments.push({
      ...comment,
      exact: text.slice(start, end),
      prefix: codePoints(text.slice(Math.max(0, start - 4 * QUOTE_CONTEXT_LENGTH), start))
        .slice(-QUOTE_CONTEXT_LENGTH)
        .join(''),
      suffix: codePoints(text.slice(end, end + 4 * QUOTE_CONTEXT_LENGTH))
        .slice(0, QUOTE_CONTEXT_LENGTH)
        .join(''),
    });
  }
  return { comments, unmarked };
}
