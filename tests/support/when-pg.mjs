// `node tests/support/when-pg.mjs <npm script>`: runs the script only when
// TEST_DATABASE_URL names a PostgreSQL server (CI always sets it: .ci/postgres.sh),
// so `npm test` on a machine without PostgreSQL stays SQLite only.
import { spawnSync } from 'node:child_process';

const script = process.argv[2];
if (!/^postgres(ql)?:\/\//i.test(process.env.TEST_DATABASE_URL ?? '')) {
  console.log(`Skipped ${script}: TEST_DATABASE_URL is not set (see docs/postgresql.md).`);
  process.exit(0);
}
const run = spawnSync('npm', ['run', script], { stdio: 'inherit' });
process.exit(run.status ?? 1);
