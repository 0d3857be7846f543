// Migrates the database DATABASE_URL names, as the server does at start (the PostgreSQL tests' template).
// Not seeded: each test's copy is seeded when it opens, as a fresh SQLite file is, so FACTCHECK_SKIP_SAMPLE works the same.
import { closeDatabase, openDatabaseUrl } from '../../db/client';

const db = await openDatabaseUrl(process.env.DATABASE_URL as string);
closeDatabase(db);
