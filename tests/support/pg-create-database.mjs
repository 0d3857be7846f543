// Creates the database a URL names if it does not exist yet (for the two-process
// e2e run: both app processes start on one fresh database). Plain ESM, no build.
import postgres from 'postgres';

const url = new URL(process.argv[2]);
const name = decodeURIComponent(url.pathname.slice(1));
url.pathname = '/postgres';
const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
try {
  await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`);
} catch (error) {
  // 42P04: the other app process made it first.
  if (error?.code !== '42P04') throw error;
} finally {
  await sql.end();
}
