// The pool's threads run below the thread that answers requests.
import os from 'node:os';

/**
 * How much lower than the thread that answers requests this thread runs
 * (Linux nice, 0 to 19). On two cores, two pool threads parsing a long article
 * took most of the CPU from the request thread: cheap reads waited seconds
 * behind work that had left that thread. Run lower, the pool gets the CPU the
 * request thread leaves; an import or export takes longer only while people
 * are being answered. FACTCHECK_WORKER_NICE overrides it (0 turns it off).
 */
export const WORKER_NICE = 10;

/** Called once by each pool thread as it starts. */
export function lowerPriority(): void {
  const configured = Number(process.env.FACTCHECK_WORKER_NICE);
  const nice = Number.isInteger(configured) && configured >= 0 && configured <= 19 ? configured : WORKER_NICE;
  try {
    // On Linux, setpriority of "this process" (pid 0) sets the calling thread's own nice value: only this worker's.
    if (nice > 0) os.setPriority(nice);
  } catch {
    // Not allowed here (some containers): the pool still works, at the request thread's priority.
  }
}
