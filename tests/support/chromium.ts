// Chromium as the e2e suite and the browser benchmarks launch it: Debian's
// (/usr/bin/chromium) unless CHROMIUM_PATH points elsewhere (for example at
// Playwright's own browser), with the same flags.
import fs from 'node:fs';

export const chromiumExecutable = process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
