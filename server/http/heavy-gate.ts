import 'server-only';
// A cap on the answers that carry a whole long article (the editor's
// document): at most `running` at once, each holding its place until its
// body has been sent (or the reader went away); the next `waiting` wait their
// turn, and beyond that, or after waiting `waitMs`, the answer is "busy" with
// a sentence and a Retry-After. Only these answers pass the gate: cheap reads
// (lists, the cursor poll) never queue behind a long article.
import { AppError } from '../errors';

export const DOCUMENT_BUSY = 'The server is busy sending other long articles right now: the page tries again in a few seconds';

export interface GateLimits {
  running: number;
  waiting: number;
  waitMs: number;
  /** A place is given back after this long even if its body was never read to the end. */
  holdMs: number;
}

export class HeavyGate {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limits: GateLimits) {}

  get counts(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }

  /** Resolves with `release` once a place is free; refuses with DOCUMENT_BUSY (TOO_MANY_REQUESTS) when the queue is full or the wait too long. */
  acquire(): Promise<() => void> {
    if (this.running < this.limits.running && this.queue.length === 0) return Promise.resolve(this.take());
    if (this.queue.length >= this.limits.waiting) return Promise.reject(new AppError('TOO_MANY_REQUESTS', DOCUMENT_BUSY));
    return new Promise((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve(this.take());
      };
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(turn);
        if (at >= 0) this.queue.splice(at, 1);
        reject(new AppError('TOO_MANY_REQUESTS', DOCUMENT_BUSY));
      }, this.limits.waitMs);
      this.queue.push(turn);
    });
  }

  private take(): () => void {
    this.running++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(guard);
      this.running--;
      this.queue.shift()?.();
    };
    const guard = setTimeout(release, this.limits.holdMs);
    guard.unref?.();
    return release;
  }
}

/** Four long articles on their way at once is about what two cores and a newsroom's uplink keep moving. */
export const DOCUMENT_LIMITS: GateLimits = { running: 4, waiting: 32, waitMs: 20_000, holdMs: 60_000 };

const globalForGate = globalThis as unknown as { factcheckDocumentGate?: HeavyGate };
/** One gate per process (route bundles may load this module more than once). */
export const documentGate = (): HeavyGate => (globalForGate.factcheckDocumentGate ??= new HeavyGate(DOCUMENT_LIMITS));

/** Slices small enough that sending one never holds the thread; a surrogate pair is never split. */
const SLICE = 128 * 1024;

/** `text` as a stream of UTF-8 slices, pulled as the connection takes them; `done` runs once it is all sent or cancelled. */
export function streamText(text: string, done: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= text.length) {
          controller.close();
          done();
          return;
        }
        let end = Math.min(text.length, at + SLICE);
        const last = text.charCodeAt(end - 1);
        if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
        controller.enqueue(encoder.encode(text.slice(at, end)));
        at = end;
      },
      cancel: done,
    },
    { highWaterMark: 0 },
  );
}
