// Migrates and seeds the database DATABASE_URL names, as the server does at start (the PostgreSQL tests' template).
import { closeDatabase } from '../../db/client';
import { openAppDatabase } from '../../server/database';

const db = await openAppDatabase(process.env.DATABASE_URL as string);
closeDatabase(db);
