// First-run data: the verdict scale and a sample article. Each is added once,
// remembered in app_meta, so an organisation that edits its scale or deletes
// the sample does not get them back on the next start. Called when the server
// opens its database (./database.ts); it lives on the server's side because
// the sample goes in through the import and the article service, which the
// database layer (db/) must not depend on.
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@/db/client';
import { SAMPLE_ANNOTATIONS, SAMPLE_ARTICLE_MARKDOWN, SAMPLE_REVIEWER } from '@/db/sample-article';
import * as schema from '@/db/schema';
import { DEFAULT_VERDICTS } from './domain/verdicts';
import { findQuote, quoteAt } from './domain/anchoring';
import { insertArticle } from './services/articles';
import { withTx } from './services/transaction';
import { importArticle } from './import';

export async function seedDatabase(db: Db): Promise<void> {
  await withTx(db, async (tx) => {
    if (!(await isSeeded(tx, 'verdicts'))) {
      await tx
        .insert(schema.verdicts)
        .values([...DEFAULT_VERDICTS])
        .onConflictDoNothing()
        .run();
      await markSeeded(tx, 'verdicts');
    }
    if (!(await isSeeded(tx, 'sample_article')) && process.env.FACTCHECK_SKIP_SAMPLE !== '1') {
      await insertSampleArticle(tx);
      await markSeeded(tx, 'sample_article');
    }
  });
}

async function isSeeded(db: DbOrTx, what: string): Promise<boolean> {
  return (
    (await db
      .select()
      .from(schema.appMeta)
      .where(eq(schema.appMeta.key, `seeded:${what}`))
      .get()) !== undefined
  );
}

async function markSeeded(db: DbOrTx, what: string): Promise<void> {
  await db
    .insert(schema.appMeta)
    .values({ key: `seeded:${what}`, value: new Date().toISOString() })
    .run();
}

async function insertSampleArticle(db: DbOrTx): Promise<void> {
  const { title, doc } = importArticle({ text: SAMPLE_ARTICLE_MARKDOWN, format: 'markdown' });
  const article = await insertArticle(db, { title, doc, byline: 'A staff reporter (sample)' });
  for (const sample of SAMPLE_ANNOTATIONS) {
    const range = findQuote(doc, sample.exact);
    if (!range) throw new Error(`Sample annotation text not found: ${sample.exact}`);
    const id = randomUUID();
    await db
      .insert(schema.annotations)
      .values({
        id,
        articleId: article.id,
        anchorFrom: range.from,
        anchorTo: range.to,
        ...quoteAt(doc, range.from, range.to),
        verdictKey: sample.verdict,
        rationale: sample.rationale,
        authorName: SAMPLE_REVIEWER,
        status: 'approved',
      })
      .run();
    await db
      .insert(schema.evidence)
      .values(sample.evidence.map((e, position) => ({ annotationId: id, url: e.url, title: e.title, position })))
      .run();
  }
}
