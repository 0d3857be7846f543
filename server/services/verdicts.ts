import 'server-only';
import { asc } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { verdicts } from '@/db/schema';
import type { Verdict } from '../domain/verdicts';

export async function listVerdicts(db: DbOrTx): Promise<Verdict[]> {
  return await db.select().from(verdicts).orderBy(asc(verdicts.position)).all();
}
