// For a desk that is locked out: create an admin or reset a password from the
// server's command line, on the same database the app uses (DATABASE_URL).
//   npm run user -- list
//   npm run user -- create-admin --email ada@example.org --name "Ada Admin" [--password …]
//   npm run user -- reset-password --email ada@example.org [--password …]
// Without --password a strong one is generated and printed once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { databaseUrl } from '@/db/client';
import { openAppDatabase } from '@/server/database';
import { createPasswordUser, resetPassword } from '@/server/auth/accounts';
import { emailSchema, passwordSchema, personNameSchema } from '@/server/domain/people.types';
import { ROLE_LABELS } from '@/server/domain/roles';
import { listPeople } from '@/server/services/people';

const USAGE = `Usage:
  npm run user -- list
  npm run user -- create-admin --email <email> --name <name> [--password <password>]
  npm run user -- reset-password --email <email> [--password <password>]`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function check<T>(
  schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } },
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  const [command] = positionals;
  if (!command || !['list', 'create-admin', 'reset-password'].includes(command)) fail(USAGE);
  const db = await openAppDatabase(databaseUrl());
  if (command === 'list') {
    for (const p of await listPeople(db))
      console.log(`${p.email}\t${p.name}\t${ROLE_LABELS[p.role]}${p.accessRemoved ? '\t(access removed)' : ''}`);
    return;
  }
  const email = check(emailSchema, values.email);
  const generated = values.password === undefined;
  const password = check(passwordSchema, values.password ?? randomBytes(15).toString('base64url'));
  if (command === 'create-admin') {
    const name = check(personNameSchema, values.name);
    await createPasswordUser(db, { name, email, password, role: 'admin' }).catch((e: Error) => fail(e.message));
    console.log(`Created admin ${name} <${email}>.`);
  } else {
    await resetPassword(db, email, password).catch((e: Error) => fail(e.message));
    console.log(`New password set for ${email}; their other sessions have ended.`);
  }
  if (generated) console.log(`Password: ${password}\nIt is shown only now: pass it on safely and ask them to keep it private.`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
