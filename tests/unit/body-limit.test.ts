import { describe, expect, it } from 'vitest';
import { readWithinLimit } from '@/server/http/body-limit';

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/trpc/article.import', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

function stream(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < chunks) controller.enqueue(new Uint8Array(size).fill(97));
      else controller.close();
    },
  });
}

describe('readWithinLimit', () => {
  it('passes a body within the limit through, readable again', async () => {
    const limited = await readWithinLimit(post('{"text":"hello"}'), 100);
    expect(limited.ok).toBe(true);
    if (limited.ok) expect(await limited.request.json()).toEqual({ text: 'hello' });
  });

  it('refuses a declared length over the limit without reading the body', async () => {
    expect(await readWithinLimit(post('x', { 'content-length': '1000' }), 100)).toEqual({ ok: false, size: 'declared' });
  });

  it('stops reading a body sent without a length once it passes the limit', async () => {
    expect(await readWithinLimit(post(stream(50, 10)), 100)).toEqual({ ok: false, size: 'streamed' });
    const fine = await readWithinLimit(post(stream(5, 10)), 100);
    expect(fine.ok).toBe(true);
    if (fine.ok) expect((await fine.request.text()).length).toBe(50);
  });

  it('leaves GET requests alone', async () => {
    const get = new Request('http://localhost/api/trpc/verdict.list');
    expect(await readWithinLimit(get, 1)).toEqual({ ok: true, request: get });
  });
});
