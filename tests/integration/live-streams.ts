// Live streams as tRPC calls them on the server: through createCaller,
// iterating the async iterable the subscription's generator returns.
import { expect } from 'vitest';
import type { Db } from '@/db/client';
import type { Role } from '@/server/domain/roles';
import type { LiveMessage } from '@/server/routers/live';
import { createCaller } from '@/server/routers/_app';
import { contextFor, PEOPLE } from './helpers';

export interface StreamInput {
  articleId: number;
  lastEventId?: string | null;
  revision?: number;
  clientId?: string;
  notifications?: boolean;
  notificationsAfter?: number;
}

type Envelope = [id: string, message: LiveMessage];

/** A live stream as `role`, and a way to take its next message (failing after `ms`). */
export async function openStream(db: Db, role: Role, input: StreamInput) {
  const abort = new AbortController();
  const caller = createCaller(contextFor(db, PEOPLE[role]), { signal: abort.signal });
  const iterable = (await caller.live.article(input)) as unknown as AsyncIterable<Envelope>;
  const iterator = iterable[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<Envelope>> | null = null;
  const pull = () => {
    pending ??= iterator.next();
    return pending;
  };
  return {
    /** The next message; the test fails if none comes within `ms`. */
    async next(ms = 3000): Promise<{ id: string; message: LiveMessage }> {
      const result = await Promise.race([
        pull(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms)),
      ]);
      pending = null;
      if (result.done) throw new Error('the stream ended');
      return { id: result.value[0], message: result.value[1] };
    },
    /** Whether a message comes within `ms` (it is kept for next()). */
    async quiet(ms = 100): Promise<boolean> {
      const winner = await Promise.race([pull().then(() => 'message'), new Promise((resolve) => setTimeout(() => resolve('quiet'), ms))]);
      return winner === 'quiet';
    },
    /** Whether the stream ends within `ms` (messages it was already sending are skipped). */
    async ended(ms = 3000): Promise<boolean> {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const result = await Promise.race([
          pull(),
          new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), until - Date.now())),
        ]);
        if (result === 'open') return false;
        pending = null;
        if (result.done) return true;
      }
      return false;
    },
    close: () => abort.abort(),
  };
}

export type Stream = Awaited<ReturnType<typeof openStream>>;

/** Takes messages until a `changes` one, checking that ids never go back. */
export async function nextChanges(stream: Stream, after: number) {
  for (;;) {
    const { id, message } = await stream.next();
    expect(Number(id)).toBeGreaterThanOrEqual(after);
    if (message.kind === 'changes') {
      expect(id).toBe(String(message.cursor));
      return message;
    }
  }
}
