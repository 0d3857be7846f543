import { closeDatabase } from '@/db/client';
// `npm run db:reindex`: rebuilds the search index (search_docs and its FTS5
// tables) from the articles, annotations, evidence and comments, on the
// database the app uses (DATABASE_URL), in one transaction.
import { databaseUrl, openDatabaseUrl } from '@/db/client';
import { rebuildSearchIndex } from '@/server/services/search-index';

async function main(): Promise<void> {
  const url = databaseUrl();
  const db = await openDatabaseUrl(url);
  const where = db.$dialect === 'pg' ? 'the PostgreSQL database' : url;
  const started = performance.now();
  try {
    const { articles, annotations } = await rebuildSearchIndex(db);
    console.log(
      `Search index rebuilt for ${where}: ${articles} articles, ${annotations} annotations in ${Math.round(performance.now() - started)} ms.`,
    );
  } finally {
    closeDatabase(db);
  }
}

// No top-level await: tsx runs this file as CommonJS (the package is not "type": "module").
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
