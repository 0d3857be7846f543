// Word drafts (.docx): mammoth turns the document into HTML, which then goes
// through the same HTML import (and sanitising) as any uploaded page. A .docx
// is a zip, so its sizes are checked before anything is inflated for real: the
// central directory's declared sizes first, then each part as it is inflated,
// stopping at the limit (a declared size can lie).
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { ImportError } from './index';
import { readWordComments, type WordComments } from './word-comments';

/** Uncompressed limits: far above any real draft (a 30-page one is about 1 MB of XML), far below a zip bomb. */
export const MAX_DOCX_PART_BYTES = 32 * 1024 * 1024;
export const MAX_DOCX_TOTAL_BYTES = 64 * 1024 * 1024;
export const MAX_DOCX_ENTRIES = 2_000;
/** What one compressed byte may stand for; Word's XML compresses about 10:1, a bomb 1,000:1. */
export const MAX_DOCX_RATIO = 200;

export const ZIP_BOMB = 'This .docx unpacks to far more than a Word document holds (a "zip bomb" or a damaged file), so it was not opened';
export const NOT_A_DOCX =
  'This file is not a Word document (.docx): it is not the zip archive a .docx is. Save it from Word as .docx and upload it again';

interface Sized {
  _data?: { uncompressedSize?: number; compressedSize?: number };
}

/** Inflates one part, counting as it goes; stops and refuses past `limit`. */
function inflatedSize(file: JSZip.JSZipObject, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const stream = file.nodeStream('nodebuffer') as NodeJS.ReadableStream & { destroy?: () => void };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.pause();
        stream.destroy?.();
        reject(new ImportError(ZIP_BOMB));
      }
    });
    stream.on('end', () => resolve(size));
    stream.on('error', () => reject(new ImportError(NOT_A_DOCX)));
  });
}

/** Refuses a zip bomb before mammoth unpacks it. Images are never read (they are left out), so only their declared size counts. */
export async function checkDocxArchive(bytes: Uint8Array): Promise<{ zip: JSZip; comments: boolean; trackedChanges: boolean }> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch {
    throw new ImportError(NOT_A_DOCX);
  }
  const files = Object.values(zip.files).filter((f) => !f.dir);
  if (files.length > MAX_DOCX_ENTRIES) throw new ImportError(ZIP_BOMB);
  if (!zip.file('word/document.xml')) throw new ImportError(NOT_A_DOCX);
  let declared = 0;
  for (const file of files) {
    const { uncompressedSize = 0, compressedSize = 0 } = (file as unknown as Sized)._data ?? {};
    declared += uncompressedSize;
    if (uncompressedSize > MAX_DOCX_PART_BYTES || declared > MAX_DOCX_TOTAL_BYTES) throw new ImportError(ZIP_BOMB);
    if (uncompressedSize > 1024 * 1024 && uncompressedSize > compressedSize * MAX_DOCX_RATIO) throw new ImportError(ZIP_BOMB);
  }
  let total = 0;
  for (const file of files) {
    if (file.name.startsWith('word/media/')) continue;
    total += await inflatedSize(file, Math.min(MAX_DOCX_PART_BYTES, MAX_DOCX_TOTAL_BYTES - total));
  }
  const document = await zip.file('word/document.xml')!.async('string');
  return {
    zip,
    comments: Boolean(zip.file('word/comments.xml')) || /<w:commentReference\b/.test(document),
    trackedChanges: /<w:(?:ins|del|moveFrom|moveTo)\b/.test(document),
  };
}

export interface DocxHtml {
  html: string;
  /** What was left out, for the person importing. */
  notes: string[];
  /** The comments and the words they mark, when they were asked for. */
  wordComments?: WordComments;
}

/** How many Word comments mark words in the text: what the import form offers to bring in as drafts. */
export async function countWordComments(bytes: Uint8Array): Promise<number> {
  const { zip } = await checkDocxArchive(bytes);
  return (await readWordComments(zip)).comments.length;
}

/** `wordComments`: read the comments too, to be offered as draft annotations (otherwise they are left out, with a note). */
export async function docxToHtml(bytes: Uint8Array, options: { wordComments?: boolean } = {}): Promise<DocxHtml> {
  const found = await checkDocxArchive(bytes);
  const wordComments = options.wordComments && found.comments ? await readWordComments(found.zip) : undefined;
  let result: { value: string };
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // Images are not part of the article's text: an empty element, and the image itself is never read.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        // The document's title is the headline; Word's headings sit one level below it.
        styleMap: [
          "p[style-name='Title'] => h1:fresh",
          "p[style-name='Heading 1'] => h2:fresh",
          "p[style-name='Heading 2'] => h3:fresh",
          "p[style-name='Heading 3'] => h4:fresh",
        ],
        // Linked files outside the document are never fetched.
        externalFileAccess: false,
      },
    );
  } catch {
    throw new ImportError(NOT_A_DOCX);
  }
  const notes: string[] = [];
  if (found.comments && !options.wordComments) notes.push('The Word comments in this document were left out.');
  if (found.trackedChanges) {
    notes.push('The document has tracked changes: it was imported as if all of them were accepted (insertions kept, deletions left out).');
  }
  return { html: result.value, notes, wordComments };
}
