// Rules that look at the whole people table (nobody has an account yet, so this
// one is the admin; nobody else holds this name) hold across app processes only
// if the transactions checking them run one after another. SQLite's writer
// already does that; on PostgreSQL two transactions could each check, see
// nothing, and both write. So each such transaction first takes the lock of one
// row (an upsert on app_meta, which PostgreSQL holds until commit), in the
// database that every process shares, rather than in one process's memory.
import 'server-only';
import type { DbOrTx } from '@/db/client';
import { appMeta } from '@/db/schema';

const KEY = 'people_lock';

export async function lockPeople(tx: DbOrTx): Promise<void> {
  await tx
    .insert(appMeta)
    .values({ key: KEY, value: '' })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: '' } })
    .run();
}
