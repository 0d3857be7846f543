// Preloaded into the stalls benchmark's server (node --require). On this
// shared machine its server was stopped mid-run by a signal from outside, four
// runs in a row; so it keeps its own process name (not the "next-server" Next
// gives it, which clean-ups look for), and says in its log, then ignores,
// SIGINT, SIGTERM and SIGHUP (with NEXT_MANUAL_SIG_HANDLE set, Next installs
// no handlers of its own). The benchmark stops it with SIGKILL.
process.title = 'bench-stalls';
Object.defineProperty(process, 'title', { configurable: true, get: () => 'bench-stalls', set: () => {} });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => console.error(`bench server: ${signal} received and ignored at ${new Date().toISOString()}`));
