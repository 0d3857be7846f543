// Files that arrive as bytes: Word drafts (.docx) and PDF reports (.pdf). Each
// is checked by its content as well as its name, turned into HTML, and read by
// the same HTML import (and sanitising) as an uploaded page.
import { fileExtension } from '@/server/domain/article.types';
import { MAX_ARTICLE_BYTES, MAX_BINARY_FILE_BYTES } from '@/server/domain/limits';
import { plainTextOf } from '@/server/domain/plain-text';
import { countWordComments, docxToHtml, NOT_A_DOCX, type DocxHtml } from './docx';
import { ImportError, importArticle, type ImportedArticle } from './index';
import { looksLikePdf, NOT_A_PDF, pdfToHtml } from './pdf';

/** Generated HTML carries markup around the text: twice the text limit leaves room for it. */
const MAX_GENERATED_HTML_BYTES = 2 * MAX_ARTICLE_BYTES + 1024 * 1024;

const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

function bytesOf(base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new ImportError('The file is empty');
  if (bytes.length > MAX_BINARY_FILE_BYTES) throw new ImportError(`The file is larger than ${MAX_BINARY_FILE_BYTES / 1024 / 1024} MB`);
  return bytes;
}

function refuseNotDocx(bytes: Uint8Array): void {
  if (!isZip(bytes)) throw new ImportError(looksLikePdf(bytes) ? `${NOT_A_DOCX}. It looks like a PDF: rename it to .pdf` : NOT_A_DOCX);
}

/** What the import form offers before importing: how many Word comments could come in as drafts (none in a PDF). */
export async function inspectBinaryFile(input: { base64: string; fileName: string }): Promise<{ wordComments: number }> {
  const bytes = bytesOf(input.base64);
  if (fileExtension(input.fileName) !== '.docx') return { wordComments: 0 };
  refuseNotDocx(bytes);
  return { wordComments: await countWordComments(bytes) };
}

export async function importBinaryFile(input: {
  base64: string;
  fileName: string;
  title?: string;
  /** A .docx's comments are read too, to be offered as draft annotations. */
  wordComments?: boolean;
}): Promise<ImportedArticle & Omit<DocxHtml, 'html'>> {
  const bytes = bytesOf(input.base64);
  const extension = fileExtension(input.fileName);
  let converted: DocxHtml;
  if (extension === '.docx') {
    refuseNotDocx(bytes);
    converted = await docxToHtml(bytes, { wordComments: input.wordComments });
  } else if (extension === '.pdf') {
    if (!looksLikePdf(bytes)) throw new ImportError(NOT_A_PDF);
    converted = await pdfToHtml(bytes);
  } else {
    throw new ImportError(`Unsupported file type "${extension || input.fileName}"`);
  }
  if (Buffer.byteLength(converted.html) > MAX_GENERATED_HTML_BYTES)
    throw new ImportError('The document holds more text than an article may have (2 MB)');
  const article = importArticle({ text: converted.html, format: 'html', title: input.title });
  if (Buffer.byteLength(plainTextOf(article.doc)) > MAX_ARTICLE_BYTES)
    throw new ImportError('The document holds more text than an article may have (2 MB)');
  return { ...article, notes: converted.notes, wordComments: converted.wordComments };
}
