import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './support/chromium';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.E2E_PORT ?? 3100);

// One fresh SQLite file per run. Set once in the runner's process; workers inherit it.
process.env.E2E_DATABASE_FILE ??= path.join(root, 'tests/.tmp', `e2e-${Date.now()}.db`);
fs.mkdirSync(path.dirname(process.env.E2E_DATABASE_FILE), { recursive: true });
// The first-run test creates the admin and saves its signed-in browser state here; the other tests start from it.
process.env.E2E_ADMIN_STATE ??= process.env.E2E_DATABASE_FILE.replace(/\.db$/, '-admin.json');
// ...and an editor who signs off what the admin annotates, since nobody approves their own work.
process.env.E2E_EDITOR_STATE ??= process.env.E2E_DATABASE_FILE.replace(/\.db$/, '-editor.json');

export default defineConfig({
  testDir: './e2e',
  outputDir: path.join(root, 'test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    acceptDownloads: true,
    // Debian's Chromium by default (tests/support/chromium.ts).
    launchOptions: { executablePath: chromiumExecutable, args: CHROMIUM_ARGS },
  },
  projects: [
    // Runs first, on the empty database: the setup page makes the first admin.
    { name: 'first-run', testMatch: /first-run\.setup\.ts/, use: { ...devices['Desktop Chrome'], channel: undefined } },
    {
      name: 'chromium',
      dependencies: ['first-run'],
      use: { ...devices['Desktop Chrome'], channel: undefined, storageState: process.env.E2E_ADMIN_STATE },
    },
  ],
  webServer: {
    // The production build, as users run it.
    command: 'npm run build && npm run start',
    cwd: root,
    url: `http://127.0.0.1:${port}/`,
    // A cold production build on two cores takes minutes; ten leaves room for a busy machine.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATABASE_URL: process.env.E2E_DATABASE_FILE,
      NEXT_TELEMETRY_DISABLED: '1',
      // The revision tests serve their pages from 127.0.0.1; the app refuses local addresses otherwise.
      FACTCHECK_FETCH_ALLOW: '127.0.0.1',
    },
  },
});
