// Chromium for the browser benchmarks, launched as the e2e suite launches it.
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable, args: CHROMIUM_ARGS });
}
