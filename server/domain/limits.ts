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
/** schema.org suggests keeping `claimReviewed` under 75 characters. */
export const MAX_CLAIM_SUMMARY_LENGTH = 75;
export const MAX_CLAIM_AUTHOR_LENGTH = 200;
export const MAX_ORGANISATION_NAME_LENGTH = 200;
export const MAX_VERDICTS = 30;
export const MAX_BYLINE_LENGTH = 300;
