import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '@/db/client';
import { createCaller } from '@/server/routers/_app';

/** A caller over a fresh SQLite file, migrated and seeded as the server does it. */
export function freshCaller(): { caller: ReturnType<typeof createCaller>; db: Db; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factcheck-test-'));
  const file = path.join(dir, 'test.db');
  const db = openDatabase(file);
  return {
    caller: createCaller({ db }),
    db,
    file,
    cleanup: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
