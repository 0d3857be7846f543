// A request body larger than anything the app accepts is refused before it is
// read into memory: the declared length is checked first, and a body sent
// without one (chunked) is read only up to the limit.

export type Limited = { ok: true; request: Request } | { ok: false; size: 'declared' | 'streamed' };

export async function readWithinLimit(request: Request, maxBytes: number): Promise<Limited> {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return { ok: true, request };
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, size: 'declared' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return { ok: false, size: 'streamed' };
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, request: new Request(request.url, { method: request.method, headers: request.headers, body }) };
}
