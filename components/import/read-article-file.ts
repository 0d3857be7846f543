// Reads an article file chosen in the browser, refusing what the server would
// refuse before pulling a large file into memory.
import { isImportableFile, unsupportedFileMessage } from '@/server/domain/article.types';
import { MAX_ARTICLE_BYTES } from '@/server/domain/limits';

export async function readArticleFile(file: File): Promise<{ text: string; fileName: string } | { error: string }> {
  if (!isImportableFile(file.name)) return { error: unsupportedFileMessage(file.name) };
  if (file.size > MAX_ARTICLE_BYTES) return { error: 'The article is larger than 2 MB of text' };
  return { text: await file.text(), fileName: file.name };
}
