// Main-thread CPU from a Chrome trace: the time the renderer's main thread
// spent in top-level tasks between two performance marks.

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: Record<string, unknown>;
}

const TASK_NAMES = ['RunTask', 'ThreadControllerImpl::RunTask'];
const isMark = (e: TraceEvent, name: string) => e.name === name && e.cat.includes('user_timing');

/**
 * Milliseconds of top-level tasks on the main thread of the page that made
 * the mark `to` (or, without one, of any bench mark), from the last `from`
 * mark before it to `to` (or the end of the trace). Null if the trace holds
 * no tasks, for instance when the categories were not recorded.
 */
export function cpuBetween(events: TraceEvent[], from: string, to: string | null): number | null {
  const anchor = [...events].reverse().find((e) => (to ? isMark(e, to) : e.cat.includes('user_timing') && e.name.startsWith('bench-')));
  const end = to ? anchor?.ts : Math.max(...events.filter((e) => e.ts).map((e) => e.ts + (e.dur ?? 0)));
  if (!anchor || end === undefined) return null;
  const onThread = (e: TraceEvent) => e.pid === anchor.pid && e.tid === anchor.tid;
  // navigationStart is marked for every document (about:blank, frames): take the one of the anchor's navigation.
  const navigation = (e: TraceEvent) => (e.args?.data as { navigationId?: string } | undefined)?.navigationId;
  const sameNavigation = (e: TraceEvent) => !navigation(anchor) || navigation(e) === navigation(anchor);
  const starts = events
    .filter((e) => isMark(e, from) && e.pid === anchor.pid && e.ts <= end && (from !== 'navigationStart' || sameNavigation(e)))
    .map((e) => e.ts);
  const start = starts.length ? Math.max(...starts) : -Infinity;
  const name = TASK_NAMES.find((n) => events.some((e) => e.name === n && e.ph === 'X' && onThread(e)));
  if (!name) return null;
  const tasks = events.filter((e) => e.name === name && e.ph === 'X' && onThread(e) && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  let total = 0;
  let topEnd = -Infinity;
  for (const t of tasks) {
    if (t.ts < topEnd) continue; // nested inside the previous top-level task
    topEnd = t.ts + t.dur!;
    total += Math.max(0, Math.min(topEnd, end) - Math.max(t.ts, start));
  }
  return total / 1000;
}

export interface TraceTask {
  /** Wall time, ms: what the browser's long-task observer reports. */
  wall: number;
  /** The main thread's own CPU time in it, ms (the trace's thread duration): on a loaded machine the wall time also counts the waits for a core. */
  cpu: number | null;
  /** The last `bench-phase:<name>` mark before the task began. */
  phase: string;
}

/**
 * Top-level tasks of the main thread that made the mark `from`, from that mark
 * on, each with its wall and thread time and the step of the flow it fell in
 * (marked with `performance.mark('bench-phase:<name>')`).
 */
export function tasksAfter(events: TraceEvent[], from: string): TraceTask[] {
  const anchor = [...events].reverse().find((e) => isMark(e, from));
  if (!anchor) return [];
  const onThread = (e: TraceEvent) => e.pid === anchor.pid && e.tid === anchor.tid;
  const phases = events
    .filter((e) => e.cat.includes('user_timing') && e.name.startsWith('bench-phase:') && e.pid === anchor.pid)
    .map((e) => ({ ts: e.ts, name: e.name.slice('bench-phase:'.length) }))
    .sort((a, b) => a.ts - b.ts);
  const name = TASK_NAMES.find((n) => events.some((e) => e.name === n && e.ph === 'X' && onThread(e)));
  if (!name) return [];
  const tasks = events
    .filter((e) => e.name === name && e.ph === 'X' && onThread(e) && e.dur !== undefined && e.ts + e.dur! >= anchor.ts)
    .sort((a, b) => a.ts - b.ts);
  const out: TraceTask[] = [];
  let topEnd = -Infinity;
  for (const t of tasks) {
    if (t.ts < topEnd) continue;
    topEnd = t.ts + t.dur!;
    const tdur = (t as TraceEvent & { tdur?: number }).tdur;
    let phase = 'before';
    for (const p of phases) if (p.ts <= t.ts) phase = p.name;
    out.push({ wall: t.dur! / 1000, cpu: tdur === undefined ? null : tdur / 1000, phase });
  }
  return out;
}
