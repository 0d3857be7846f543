// JSON columns read without parsing them on the request thread, said the same
// way on both dialects. A json column selected as itself comes back as text on
// SQLite but already parsed by PostgreSQL's driver: the cast keeps it the text
// as stored (PostgreSQL's json type keeps the text as written).
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { DIALECT } from './dialect';

/** The column's JSON as the text stored. */
export const jsonText = (column: SQLWrapper): SQL<string> => sql<string>`CAST(${column} AS TEXT)`;

/** One text field inside the column's JSON (`path` of object keys), read by the database. */
export function jsonField(column: SQLWrapper, path: readonly string[]): SQL<string> {
  if (DIALECT === 'pg') return sql<string>`(CAST(${column} AS json) #>> ${`{${path.join(',')}}`})`;
  return sql<string>`json_extract(${column}, ${`$.${path.join('.')}`})`;
}
