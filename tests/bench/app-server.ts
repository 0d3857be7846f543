// The production app as the HTTP benchmarks run it: built if there is no
// build, started with `next start` on a fresh SQLite file in its own process
// group (so that stopping it stops everything it started), and stopped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Runs `npm run build` when there is no production build (.next/BUILD_ID); its log goes to `dir`. */
export function ensureBuild(name: string, dir: string): void {
  if (fs.existsSync(path.join(root, '.next/BUILD_ID'))) return;
  console.log(`${name}: no production build (.next/BUILD_ID missing): running \`npm run build\` first…`);
  const log = path.join(dir, 'build.log');
  const out = fs.openSync(log, 'w');
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: ['ignore', out, out],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  fs.closeSync(out);
  if (result.status !== 0) throw new Error(`${name} bench: npm run build failed (exit ${result.status}); the end of ${log}:\n${tail(log)}`);
}

/** `next start` on 127.0.0.1:`port` over `dbFile`, answering once /sign-in does. */
export async function startServer(
  name: string,
  options: { port: number; dbFile: string; log: string; env?: Record<string, string>; nodeArgs?: string[] },
): Promise<ChildProcess> {
  const base = `http://127.0.0.1:${options.port}`;
  const taken = await fetch(base, { redirect: 'manual' }).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`${name} bench: something already answers on ${base}; set BENCH_PORT to a free port`);
  const log = fs.openSync(options.log, 'w');
  const server = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      path.join(root, 'node_modules/next/dist/bin/next'),
      'start',
      '-H',
      '127.0.0.1',
      '-p',
      String(options.port),
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        DATABASE_URL: options.dbFile,
        NEXT_TELEMETRY_DISABLED: '1',
        FACTCHECK_SKIP_SAMPLE: '1',
        NODE_ENV: 'production',
        ...options.env,
      },
    },
  );
  fs.closeSync(log);
  let exited: number | null = null;
  server.on('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null)
      throw new Error(
        `${name} bench: the server exited (code ${exited}) before answering; the end of ${options.log}:\n${tail(options.log)}`,
      );
    const ok = await fetch(`${base}/sign-in`, { redirect: 'manual' }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return server;
    await sleep(250);
  }
  stopServer(server);
  throw new Error(`${name} bench: the server did not answer on ${base} within 60 s; the end of ${options.log}:\n${tail(options.log)}`);
}

export function stopServer(server: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (!server?.pid || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, signal);
  } catch {
    /* gone already */
  }
}
