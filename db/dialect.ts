// Which database DATABASE_URL names: `postgres://…` or `postgresql://…` is
// PostgreSQL; anything else (`sqlite:…`, `file:…`, a path, nothing) is the
// embedded SQLite file. Read once per process: the schema's tables are built
// for one dialect (db/columns.ts), so one process talks to one kind of database.
// No 'server-only' here: drizzle-kit loads this through db/schema.ts.

export type Dialect = 'sqlite' | 'pg';

export const isPostgresUrl = (url: string | undefined): boolean => /^postgres(ql)?:\/\//i.test(url?.trim() ?? '');

export const dialectOf = (url: string | undefined): Dialect => (isPostgresUrl(url) ? 'pg' : 'sqlite');

/** The dialect of this process, from DATABASE_URL at start. */
export const DIALECT: Dialect = dialectOf(process.env.DATABASE_URL);
