-- The search index (server/services/search-index.ts writes it, in the same
-- transaction as the change it reflects; `npm run db:reindex` rebuilds it).
-- One row of search_docs per indexed article or annotation; the FTS5 tables
-- share its id as their rowid, and a trigger removes their rows with it.
CREATE TABLE `search_docs` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `kind` text NOT NULL CHECK (`kind` IN ('article', 'annotation')),
  `ref` text NOT NULL,
  `article_id` integer NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_ref_idx` ON `search_docs` (`kind`, `ref`);--> statement-breakpoint
CREATE INDEX `search_docs_article_idx` ON `search_docs` (`article_id`);--> statement-breakpoint
-- Words: English stemming (porter), accents and case folded (unicode61 remove_diacritics 2).
CREATE VIRTUAL TABLE `search_fts` USING fts5(
  `title`, `quote`, `claim`, `rationale`, `evidence`, `comments`, `body`,
  tokenize = 'porter unicode61 remove_diacritics 2'
);--> statement-breakpoint
-- Any three characters: CJK text (no spaces between words) and parts of words.
CREATE VIRTUAL TABLE `search_trigram` USING fts5(`text`, tokenize = 'trigram remove_diacritics 1');--> statement-breakpoint
-- "Checked before": an annotation's claim as normalised terms (stemmed, synonyms and numbers in one form), matched by BM25.
CREATE VIRTUAL TABLE `claim_fts` USING fts5(`terms`, tokenize = 'unicode61 remove_diacritics 2');--> statement-breakpoint
-- How many claims hold each term, for weighting shared terms (rarer weighs more).
CREATE VIRTUAL TABLE `claim_vocab` USING fts5vocab(`claim_fts`, 'row');--> statement-breakpoint
CREATE TRIGGER `search_docs_delete` AFTER DELETE ON `search_docs` BEGIN
  DELETE FROM `search_fts` WHERE rowid = old.`id`;
  DELETE FROM `search_trigram` WHERE rowid = old.`id`;
  DELETE FROM `claim_fts` WHERE rowid = old.`id`;
END;
