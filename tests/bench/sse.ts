// The benches' reader of a server-sent event stream (a page's live stream):
// each event's `data:` lines joined and parsed as JSON, in order, until the
// stream ends or is aborted.
export function readSseMessages<T>(body: ReadableStream<BufferSource>, onMessage: (message: T) => void): void {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data) onMessage(JSON.parse(data) as T);
        }
      }
    } catch {
      // Aborted at the end.
    }
  })();
}
