// The lint rule that keeps the browser-safe core (server/domain) and the
// components free of Node, database and server-only imports (biome.json,
// noRestrictedImports). A probe file is written where the rule applies and
// linted by the same Biome that `npm run check` runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const biome = path.join(root, 'node_modules/.bin/biome');
const probes: string[] = [];

interface Report {
  diagnostics: { category: string }[];
}

/** The lint rules a file with `source` at `file` breaks. */
function lintAt(file: string, source: string): string[] {
  const full = path.join(root, file);
  fs.writeFileSync(full, source);
  probes.push(full);
  let out: string;
  try {
    out = execFileSync(biome, ['lint', '--reporter=json', file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    // Biome exits non-zero when it finds errors; the report is on stdout all the same.
    out = (error as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as Report).diagnostics.map((d) => d.category);
}

afterEach(() => {
  for (const file of probes.splice(0)) fs.rmSync(file, { force: true });
});

const RESTRICTED = 'lint/style/noRestrictedImports';

describe('import boundaries', () => {
  it('keep Node, the database and the server out of server/domain', () => {
    for (const spec of ['node:fs', 'better-sqlite3', '@/db/client', '@/server/services/events', '../services/events', 'server-only']) {
      expect(lintAt('server/domain/zz-boundary-probe.ts', `import x from '${spec}';\nexport const y = x;\n`), spec).toContain(RESTRICTED);
    }
  });

  it('let server/domain use its own modules and pure libraries', () => {
    const source = "import { z } from 'zod';\nimport { MAX_TITLE_LENGTH } from './limits';\nexport const y = [z, MAX_TITLE_LENGTH];\n";
    expect(lintAt('server/domain/zz-boundary-probe.ts', source)).not.toContain(RESTRICTED);
  });

  it('keep the database and server modules out of components, but not the shared domain or the router type', () => {
    for (const spec of ['@/db/client', '@/server/services/events', '@/server/database']) {
      expect(lintAt('components/zz-boundary-probe.ts', `import x from '${spec}';\nexport const y = x;\n`), spec).toContain(RESTRICTED);
    }
    const allowed =
      "import { can } from '@/server/domain/policy';\nimport type { AppRouter } from '@/server/routers/_app';\nexport type R = AppRouter;\nexport const y = can;\n";
    expect(lintAt('components/zz-boundary-probe.ts', allowed)).not.toContain(RESTRICTED);
  });
});
