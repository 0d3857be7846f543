// Limits shared by the forms and the server, so both refuse the same input with the same words.
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;
export const MAX_TITLE_LENGTH = 500;
export const MAX_RATIONALE_LENGTH = 20_000;
export const MAX_EVIDENCE_ITEMS = 50;
export const MAX_URL_LENGTH = 2048;
export const MAX_EVIDENCE_TITLE_LENGTH = 500;
export const MAX_EXCERPT_LENGTH = 5_000;
export const MAX_AUTHOR_LENGTH = 120;
/** Characters of context kept on each side of an annotation's quote. */
export const QUOTE_CONTEXT_LENGTH = 32;
export const IMPORT_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm'] as const;
/** Files the browser sends as bytes (base64), read in the import worker pool: Word drafts and PDF reports. */
export const BINARY_IMPORT_EXTENSIONS = ['.docx', '.pdf'] as const;
/** 4 MB of file is 5.3 MB of base64, within the 6 MB a request may carry. */
export const MAX_BINARY_FILE_BYTES = 4 * 1024 * 1024;
/** schema.org suggests keeping `claimReviewed` under 75 characters. */
export const MAX_CLAIM_SUMMARY_LENGTH = 75;
export const MAX_CLAIM_AUTHOR_LENGTH = 200;
export const MAX_ORGANISATION_NAME_LENGTH = 200;
export const MAX_VERDICTS = 30;
export const MAX_BYLINE_LENGTH = 300;
