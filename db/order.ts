// "In the order the rows were written", the tie-break after a timestamp two rows can share.
// SQLite has rowid. PostgreSQL has no such column: ctid (the row's place in the table)
// follows insertion for rows never updated since, which is the best it offers without
// a column of its own; an edited comment written in the same millisecond as another may
// swap places with it there (docs/databases.md, "What differs").
import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import type { Table } from 'drizzle-orm';
import { DIALECT } from './dialect';

export const insertionOrder = (table: Table): SQL => (DIALECT === 'pg' ? sql`${table}.ctid` : sql`${table}.rowid`);
