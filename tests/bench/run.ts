// `npm run bench`: every benchmark, one after the other, each printing its own figures.
// Run with --conditions=react-server, so that server modules (`server-only`) load.
// Imported one at a time: a benchmark that awaits (the import pool) would
// otherwise time out while a synchronous one after it holds the thread.
await import('./reanchoring');
await import('./highlights');
await import('./imports');
await import('./writes');

export {};
