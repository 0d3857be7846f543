// The search dialect of this process's database (./types.ts says what differs).
import 'server-only';
import { DIALECT } from '../dialect';
import { pgSearch } from './pg';
import { sqliteSearch } from './sqlite';
import type { SearchDialect } from './types';

export const searchDialect: SearchDialect = DIALECT === 'pg' ? pgSearch : sqliteSearch;
export type { ClaimCandidate, SearchRow } from './types';
