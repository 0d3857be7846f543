// Application errors, thrown by domain services that know nothing of HTTP and
// mapped to tRPC codes in one place (server/trpc.ts). Each carries a `reason`
// code for the browser to act on; the message is for people.
import type { RefusalReason } from './domain/reasons';

export type AppErrorCode = 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'FORBIDDEN' | 'TOO_MANY_REQUESTS';

/** The reason an error gets when its thrower names none. */
export const DEFAULT_REASONS: Record<AppErrorCode, RefusalReason> = {
  NOT_FOUND: 'not_found',
  BAD_REQUEST: 'invalid_input',
  CONFLICT: 'conflict',
  FORBIDDEN: 'forbidden',
  TOO_MANY_REQUESTS: 'too_many_requests',
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly reason: RefusalReason = DEFAULT_REASONS[code],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (message: string, reason?: RefusalReason) => new AppError('NOT_FOUND', message, reason);
export const invalidInput = (message: string, reason?: RefusalReason) => new AppError('BAD_REQUEST', message, reason);
export const conflict = (message: string, reason?: RefusalReason) => new AppError('CONFLICT', message, reason);
export const forbidden = (message: string, reason?: RefusalReason) => new AppError('FORBIDDEN', message, reason);

/** What a 500 tells the person: nothing internal, only a reference to find the detail in the server's log. */
export const serverErrorMessage = (reference: string) => `Something went wrong on the server (reference ${reference})`;

/** A short random reference (8 hex digits) for one failure. */
export function newErrorReference(): string {
  const bytes = new Uint8Array(4);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Logs the failure's detail under a new reference and returns the reference. console.error does not wait on the disk. */
export function reportServerError(where: string, error: unknown): string {
  const reference = newErrorReference();
  console.error(`[error ${reference}] ${where}:`, error);
  return reference;
}

export const OUT_OF_DISK = 'The server is out of disk space; your change is kept and will be retried';

/**
 * PostgreSQL's SQLSTATEs for the same condition: class 53 (insufficient resources: 53100 disk full, 53200 out of
 * memory, 53300 too many connections, 53400 a configured limit), 58030 an I/O error, and 25006 a read-only
 * transaction (the server is a standby, or was set read-only): the change could not be written now, and may be later.
 */
const PG_CANNOT_WRITE = /^(53\d{3}|58030|25006)$/;

/**
 * The database could not write: on SQLite the disk is full (SQLITE_FULL) or refused the write (SQLITE_IOERR_*);
 * on PostgreSQL one of PG_CANNOT_WRITE. Found anywhere in the cause chain.
 */
export function isOutOfDisk(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) return true;
    // postgres-js puts the SQLSTATE in `code` too, on a PostgresError.
    if (PG_CANNOT_WRITE.test(code) && (e as { name?: unknown }).name === 'PostgresError') return true;
  }
  return false;
}
