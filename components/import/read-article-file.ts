// Reads an article file chosen in the browser, refusing what the server would
// refuse before pulling a large file into memory. Text files are read as text;
// Word drafts and PDFs as bytes, sent as base64 (within the request limit).
import { BINARY_FILE_TOO_LARGE, isBinaryImportFile, isImportableFile, unsupportedFileMessage } from '@/server/domain/article.types';
import { MAX_ARTICLE_BYTES, MAX_BINARY_FILE_BYTES } from '@/server/domain/limits';

export type ReadFile = { text: string; fileName: string } | { base64: string; fileName: string } | { error: string };

/** The file's bytes as base64, without the `data:…;base64,` prefix the reader puts in front. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error(`"${file.name}" could not be read`));
    reader.readAsDataURL(file);
  });
}

/** An article's file (a new article's or a new revision's): text, or a Word draft or PDF as bytes. */
export async function readImportFile(file: File): Promise<ReadFile> {
  if (!isBinaryImportFile(file.name)) return readTextFile(file);
  if (file.size > MAX_BINARY_FILE_BYTES) return { error: BINARY_FILE_TOO_LARGE };
  if (file.size === 0) return { error: 'The file is empty' };
  return { base64: await base64Of(file), fileName: file.name };
}

async function readTextFile(file: File): Promise<{ text: string; fileName: string } | { error: string }> {
  if (!isImportableFile(file.name)) return { error: unsupportedFileMessage(file.name) };
  if (file.size > MAX_ARTICLE_BYTES) return { error: 'The article is larger than 2 MB of text' };
  return { text: await file.text(), fileName: file.name };
}
