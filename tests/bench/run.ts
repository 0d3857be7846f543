// `npm run bench`: every benchmark, one after the other, each printing its own
// figures. Run with --conditions=react-server, so that server modules
// (`server-only`) load. The browser benchmark (production build in Chromium, a few minutes)
// runs last. BENCH_ONLY picks some by name, comma-separated:
//   BENCH_ONLY=browser npm run bench
//   BENCH_ONLY=reanchoring,highlights npm run bench
// The browser benchmark builds the app first if there is no build (.next/BUILD_ID);
// see tests/bench/browser.ts for its settings (BENCH_PORT, BENCH_RUNS, …). The outbox
// benchmark drives Chromium too: pages of the app saving through a kill of the server
// (tests/bench/outbox.ts; BENCH_OUTBOX_WRITERS=20 for the figure).
const BENCHES: Record<string, () => Promise<{ done?: Promise<void> }>> = {
  reanchoring: () => import('./reanchoring'),
  highlights: () => import('./highlights'),
  imports: () => import('./imports'),
  documents: () => import('./documents'),
  writes: () => import('./writes'),
  search: () => import('./search'),
  live: () => import('./live'),
  stalls: () => import('./stalls'),
  crash: () => import('./crash'),
  outbox: () => import('./outbox'),
  pg: () => import('./pg'),
  browser: () => import('./browser'),
};

async function main() {
  const only = process.env.BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((name) => !(name in BENCHES)) ?? [];
  if (unknown.length)
    throw new Error(`BENCH_ONLY: no benchmark called ${unknown.join(', ')} (there are ${Object.keys(BENCHES).join(', ')})`);
  for (const [name, load] of Object.entries(BENCHES)) {
    if (only && !only.includes(name)) continue;
    const bench = await load();
    // Benchmarks that run asynchronously export the promise of their end, so the next one starts after it.
    await bench.done;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
