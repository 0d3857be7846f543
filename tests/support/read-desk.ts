// Reads a desk back through the router, as an admin: what db:copy's test
// compares between the SQLite source and the PostgreSQL copy (articles with
// their text, revisions, annotations with their discussions, index, history
// and cursor; people; settings; what a search finds). Search is compared by what
// it finds (kind, article, annotation), not by its snippets or order: each
// dialect ranks and cuts snippets its own way. Run as a script
// (`DATABASE_URL=postgres://… node --conditions=react-server --import tsx
// tests/support/read-desk.ts <admin id>`) it prints the reading as JSON: a
// process reads one dialect (db/dialect.ts), so the copy is read in its own.
import { closeDatabase, databaseUrl, type Db } from '@/db/client';
import { openAppDatabase } from '@/server/database';
import { createCaller } from '@/server/routers/_app';

export async function readDesk(db: Db, admin: { id: string; name: string }) {
  const caller = createCaller({
    db,
    user: { id: admin.id, name: admin.name, role: 'admin' },
    setupNeeded: false,
    headers: new Headers(),
    resHeaders: new Headers(),
    origin: 'http://localhost:3000',
  });
  const found = async (q: string) =>
    (await caller.search.checks({ q, limit: 100 })).results.map((r) => `${r.kind} ${r.articleId} ${r.annotationId ?? ''}`).sort();
  const articles = await caller.article.list();
  const perArticle = [];
  for (const article of articles) {
    const annotations = await caller.annotation.list({ articleId: article.id });
    const discussions = [];
    for (const annotation of annotations) discussions.push(await caller.comment.list({ annotationId: annotation.id }));
    perArticle.push({
      article: await caller.article.byId({ id: article.id }),
      annotations,
      discussions,
      index: await caller.annotation.index({ articleId: article.id }),
      history: await caller.article.history({ id: article.id }),
      cursor: await caller.annotation.cursor({ articleId: article.id }),
      revisions: await caller.article.revisions({ id: article.id }),
    });
  }
  return JSON.parse(
    JSON.stringify({
      articles,
      perArticle,
      people: await caller.people.list(),
      settings: await caller.settings.get(),
      search: {
        all: await found(''),
        words: await found('fish survey'),
        phrase: await found('"nitrate"'),
        facets: await caller.search.facets(),
      },
    }),
  );
}

async function main(): Promise<void> {
  const db = await openAppDatabase(databaseUrl());
  try {
    const [id, name] = process.argv.slice(2);
    process.stdout.write(JSON.stringify(await readDesk(db, { id, name })));
  } finally {
    closeDatabase(db);
  }
}

if (process.argv[1]?.endsWith('read-desk.ts')) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
