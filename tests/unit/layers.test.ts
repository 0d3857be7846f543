// The database layer (db/) knows tables and migrations; the business layer
// (server/) builds on it, never the other way round. Seeding, which goes
// through the import and the article service, is called from server/database.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.relative(root, path.join(entry.parentPath, entry.name));
    return entry.isFile() && /\.(ts|tsx|mts)$/.test(entry.name) ? [file] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or dynamically; relative ones from the root. */
function importsOf(file: string, text = fs.readFileSync(path.join(root, file), 'utf8')): string[] {
  const found = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return found.map((spec) => (spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(path.join(root, file)), spec)) : spec));
}

// server/domain is the shared, pure core (enums the schema declares its columns with): below db/, not above it.
const intoServer = (spec: string) => /^(@\/)?server(\/|$)/.test(spec) && !/^(@\/)?server\/domain\//.test(spec);

describe('layers', () => {
  it('db/ imports nothing from server/ but the shared domain', () => {
    const files = sources('db');
    expect(files).toContain('db/client.ts');
    const upward = files.flatMap((file) =>
      importsOf(file)
        .filter(intoServer)
        .map((spec) => `${file} → ${spec}`),
    );
    expect(upward).toEqual([]);
  });

  it('sees an import of server/ from db/ when there is one', () => {
    // The check above is only as good as its reading of import lines.
    const text = [
      "import { insertArticle } from '../server/services/articles';",
      "import type { Db } from './client';",
      "export { importArticle } from '@/server/import';",
      "const seed = await import('../server/seed');",
    ].join('\n');
    const found = importsOf('db/probe.ts', text);
    expect(found).toEqual(['server/services/articles', 'db/client', '@/server/import', 'server/seed']);
    expect(found.filter(intoServer)).toHaveLength(3);
  });
});
