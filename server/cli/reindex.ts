import { closeDatabase } from '@/db/client';
// `npm run db:reindex`: rebuilds the search index (search_docs and its FTS5
// tables) from the articles, annotations, evidence and comments, on the
// database the app uses (DATABASE_URL), in one transaction.
import { databaseFile, openDatabase } from '@/db/client';
import { rebuildSearchIndex } from '@/server/services/search-index';

const file = databaseFile();
const db = openDatabase(file);
const started = performance.now();
const { articles, annotations } = await rebuildSearchIndex(db);
console.log(
  `Search index rebuilt for ${file}: ${articles} articles, ${annotations} annotations in ${Math.round(performance.now() - started)} ms.`,
);
closeDatabase(db);
