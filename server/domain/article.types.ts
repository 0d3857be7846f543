// Request schemas for articles, shared by the import form and the router.
import { z } from 'zod';
import { optionalHttpUrl, optionalIsoDate, optionalText, userText } from './optional-fields';
import { isHttpUrl } from './validators';
import {
  BINARY_IMPORT_EXTENSIONS,
  IMPORT_EXTENSIONS,
  MAX_ARTICLE_BYTES,
  MAX_BINARY_FILE_BYTES,
  MAX_BYLINE_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
} from './limits';

export const importFormats = ['auto', 'text', 'markdown', 'html'] as const;
export type ImportFormat = (typeof importFormats)[number];

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export function fileExtension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot).toLowerCase();
}

/** Where the article came from, for the export's header; each is optional. */
export const articleSourceFields = {
  sourceUrl: optionalHttpUrl('Source URL'),
  byline: optionalText(MAX_BYLINE_LENGTH, 'Byline'),
  publishedAt: optionalIsoDate('Publication date'),
};

export function isImportableFile(fileName: string): boolean {
  return (IMPORT_EXTENSIONS as readonly string[]).includes(fileExtension(fileName));
}

export function unsupportedFileMessage(fileName: string): string {
  return `Unsupported file type "${fileExtension(fileName) || fileName}": upload a .txt, .md, .html, .docx or .pdf file`;
}

export function isBinaryImportFile(fileName: string): boolean {
  return (BINARY_IMPORT_EXTENSIONS as readonly string[]).includes(fileExtension(fileName));
}

export const BINARY_FILE_TOO_LARGE = `The file is larger than ${MAX_BINARY_FILE_BYTES / 1024 / 1024} MB`;
const MAX_BASE64_LENGTH = Math.ceil(MAX_BINARY_FILE_BYTES / 3) * 4;

/** A Word draft or PDF report, sent as base64: its type is checked again from its bytes in the worker. */
export const importFileInput = z.object({
  title: userText().trim().max(MAX_TITLE_LENGTH, `The title is longer than ${MAX_TITLE_LENGTH} characters`).default(''),
  fileName: z
    .string()
    .max(255)
    .refine(isBinaryImportFile, { error: (issue) => unsupportedFileMessage(String(issue.input)) }),
  base64: z
    .string()
    .min(1, 'The file is empty')
    .max(MAX_BASE64_LENGTH, BINARY_FILE_TOO_LARGE)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file did not arrive whole: choose it again'),
  ...articleSourceFields,
  /** A .docx's comments come in as draft annotations marked "Needs a verdict" (the person chose so on the form). */
  wordComments: z.boolean().default(false),
});
export type ImportFileInput = z.input<typeof importFileInput>;

/** Before importing a file: the form asks what it holds (its Word comments) to offer the choice. */
export const inspectFileInput = importFileInput.pick({ fileName: true, base64: true });

/** A .docx or .pdf as a new revision of an article: the same reading as an import, then re-anchoring. */
export const updateArticleFromFileInput = importFileInput.pick({ title: true, fileName: true, base64: true }).extend({
  articleId: z.number().int().positive(),
});
export type UpdateArticleFromFileInput = z.input<typeof updateArticleFromFileInput>;

export const articleIdSchema = z.number({ error: 'Article id must be a number' }).int().positive();

export const importArticleInput = z.object({
  title: userText().trim().max(MAX_TITLE_LENGTH, `The title is longer than ${MAX_TITLE_LENGTH} characters`).default(''),
  text: userText()
    .refine((s) => s.trim().length > 0, 'The article is empty: paste its text or choose a file')
    .refine((s) => utf8Length(s) <= MAX_ARTICLE_BYTES, 'The article is larger than 2 MB of text'),
  format: z.enum(importFormats).default('auto'),
  ...articleSourceFields,
  fileName: z
    .string()
    .max(255)
    .refine(isImportableFile, {
      error: (issue) => unsupportedFileMessage(String(issue.input)),
    })
    .optional(),
});
export type ImportArticleInput = z.input<typeof importArticleInput>;

export const articleUrlSchema = z
  .string()
  .trim()
  .min(1, 'Type the article’s address')
  .max(MAX_URL_LENGTH, `The address is longer than ${MAX_URL_LENGTH} characters`)
  .refine(isHttpUrl, {
    error: (issue) => `The article's address must start with http:// or https://, not "${String(issue.input).slice(0, 80)}"`,
  });

export const importUrlInput = z.object({ url: articleUrlSchema });

export const articleRefInput = z.object({ id: articleIdSchema });

/**
 * The details set on import, edited afterwards: the same rules, except that
 * the title is required, since there is no text here to take it from.
 */
export const updateArticleDetailsInput = z.object({
  id: articleIdSchema,
  title: userText()
    .trim()
    .min(1, 'The title is empty: every article needs one')
    .max(MAX_TITLE_LENGTH, `The title is longer than ${MAX_TITLE_LENGTH} characters`),
  ...articleSourceFields,
});
export type UpdateArticleDetailsInput = z.input<typeof updateArticleDetailsInput>;
/** The fields of "Article details", in the order the form and the history name them. */
export const ARTICLE_DETAIL_FIELDS = ['title', 'sourceUrl', 'byline', 'publishedAt'] as const;

/** A new revision comes from pasted text, a file, or the article's address; exactly one of them. */
export const updateArticleInput = z
  .object({
    articleId: z.number().int().positive(),
    title: importArticleInput.shape.title,
    text: userText().default(''),
    format: importArticleInput.shape.format,
    fileName: importArticleInput.shape.fileName,
    url: articleUrlSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.url && input.text.trim()) {
      ctx.addIssue({ code: 'custom', message: 'Give either new text or an address, not both' });
    } else if (!input.url) {
      const text = importArticleInput.shape.text.safeParse(input.text);
      if (!text.success) for (const issue of text.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    }
  });
export type UpdateArticleInput = z.input<typeof updateArticleInput>;

/** What the export's header says about an article: edited on the editor page, shown to everyone. */
export interface ArticleDetails {
  id: number;
  title: string;
  sourceUrl: string | null;
  byline: string | null;
  publishedAt: string | null;
}
