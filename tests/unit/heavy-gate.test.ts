// The gate in front of long articles' documents, and the stream that holds a place until its body is sent.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DOCUMENT_BUSY, HeavyGate, streamText } from '@/server/http/heavy-gate';

afterEach(() => vi.useRealTimers());

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('streamText', () => {
  it('never splits a surrogate pair across slices, and says when it is done', async () => {
    // 'a' then pairs: the first slice boundary (128 Ki units) falls between a pair's two halves.
    const text = `a${'😀'.repeat(70_000)}`;
    const done = vi.fn();
    expect(await readAll(streamText(text, done))).toBe(text);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('says it is done when the reader goes away', async () => {
    const done = vi.fn();
    const stream = streamText('x'.repeat(300_000), done);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(done).toHaveBeenCalledTimes(1);
  });
});

describe('HeavyGate', () => {
  it('refuses with "busy" when a wait runs out, and takes back a place never given back', async () => {
    vi.useFakeTimers();
    const gate = new HeavyGate({ running: 1, waiting: 2, waitMs: 3_000, holdMs: 5_000 });
    await gate.acquire();
    const waiting = gate.acquire();
    const refused = expect(waiting).rejects.toThrow(DOCUMENT_BUSY);
    vi.advanceTimersByTime(3_000);
    await refused;
    expect(gate.counts).toEqual({ running: 1, waiting: 0 });
    // The first place, never released, is taken back at 5 s: before this wait's 3 s run out.
    const next = gate.acquire();
    vi.advanceTimersByTime(2_000);
    const release = await next;
    expect(gate.counts).toEqual({ running: 1, waiting: 0 });
    release();
    release();
    expect(gate.counts).toEqual({ running: 0, waiting: 0 });
  });
});
