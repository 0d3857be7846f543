// The two-process smoke on PostgreSQL (`TEST_DATABASE_URL=postgres://… npm run test:e2e:pg`):
// two production app processes on different ports share one fresh database, and
// a change made through one appears live on a page served by the other.
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import base from './playwright.config';

const root = path.resolve(__dirname, '..');
const server = process.env.TEST_DATABASE_URL;
if (!server || !/^postgres(ql)?:\/\//i.test(server)) throw new Error('TEST_DATABASE_URL must name a PostgreSQL server');
const portA = Number(process.env.E2E_PORT ?? 3200);
const portB = Number(process.env.E2E_PORT_B ?? portA + 10);

// One fresh database per run, set once in the runner's process (the workers and both servers inherit it).
if (!process.env.E2E_PG_URL) {
  const url = new URL(server);
  url.pathname = `/e2e_two_${Date.now()}`;
  process.env.E2E_PG_URL = url.toString();
}
process.env.E2E_PORT_A = String(portA);
process.env.E2E_PORT_B = String(portB);

const env = {
  DATABASE_URL: process.env.E2E_PG_URL,
  NEXT_TELEMETRY_DISABLED: '1',
  // A fresh desk, with nothing but what the test makes.
  FACTCHECK_SKIP_SAMPLE: '1',
};
const waitFor = (port: number) =>
  `node -e "const go=()=>fetch('http://127.0.0.1:${port}/').then(()=>process.exit(0),()=>setTimeout(go,500));go()"`;

export default defineConfig({
  ...base,
  testDir: './e2e-pg',
  projects: [{ name: 'two-processes', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  use: { ...base.use, baseURL: `http://127.0.0.1:${portA}` },
  webServer: [
    {
      // The build once, then process A (which migrates the new database).
      command: `node tests/support/pg-create-database.mjs "$DATABASE_URL" && npm run build && npm run start`,
      cwd: root,
      url: `http://127.0.0.1:${portA}/`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { ...env, PORT: String(portA) },
    },
    {
      // Process B starts from the same build once A answers.
      command: `${waitFor(portA)} && npm run start`,
      cwd: root,
      url: `http://127.0.0.1:${portB}/`,
      timeout: 660_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { ...env, PORT: String(portB) },
    },
  ],
});
