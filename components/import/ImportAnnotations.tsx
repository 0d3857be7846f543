'use client';
// Bring in W3C Web Annotations (our own JSON-LD export, or another tool's, such as Hypothesis).
import { useId, useState, type ChangeEvent } from 'react';
import { errorMessage, useTRPCClient } from '../ui/trpc';

const MAX_FILE_BYTES = 5 * 1024 * 1024;

interface Props {
  articleId: number;
  /** False while saves are pending: the import must not race the reviewer's own changes. */
  ready: boolean;
  /** The imported annotations themselves arrive through the page's change sync. */
  onImported: (message: string) => void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** What the import did, in sentences: verdicts, placement, the quotes it could not place, and what it left out. */
export function importSummary(result: {
  imported: number;
  withVerdict: number;
  needsVerdict: number;
  anchors: { exact: number; moved: number; fuzzy: number; orphaned: number };
  unplaced: string[];
  problems: string[];
}): string {
  const { exact, moved, fuzzy, orphaned } = result.anchors;
  const sentences = [
    `Imported ${plural(result.imported, 'annotation')}: ${result.withVerdict.toLocaleString('en-US')} with a verdict, ${result.needsVerdict.toLocaleString('en-US')} marked "Needs a verdict".`,
    `${(exact + moved).toLocaleString('en-US')} anchored exactly${moved ? ` (${moved} in other surroundings: check them)` : ''}, ${fuzzy.toLocaleString('en-US')} fuzzily, ${orphaned.toLocaleString('en-US')} not placed.`,
  ];
  if (result.unplaced.length) {
    const quotes = result.unplaced.slice(0, 20).map((q) => `“${q.length > 80 ? `${q.slice(0, 80)}…` : q}”`);
    const more = result.unplaced.length > 20 ? ` and ${result.unplaced.length - 20} more` : '';
    sentences.push(`Not placed (under "Needs re-anchoring"): ${quotes.join('; ')}${more}.`);
  }
  return [...sentences, ...result.problems].join(' ');
}

export function ImportAnnotations({ articleId, ready, onImported }: Props) {
  const client = useTRPCClient();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    setError(null);
    if (!file) return;
    try {
      if (!ready) throw new Error('Wait until all changes are saved, then import again');
      if (file.size > MAX_FILE_BYTES) throw new Error('The file is larger than 5 MB');
      let collection: unknown;
      try {
        collection = JSON.parse(await file.text());
      } catch {
        throw new Error(`"${file.name}" is not a JSON or JSON-LD file`);
      }
      setBusy(true);
      const result = await client.annotation.importCollection.mutate({ articleId, collection });
      onImported(importSummary(result));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      input.value = '';
    }
  }

  return (
    <div className="import-annotations">
      <label htmlFor={id}>Import annotations</label>
      <input id={id} type="file" accept=".jsonld,.json,application/ld+json,application/json" onChange={onFile} disabled={busy} />
      <p className="hint">
        W3C Web Annotation JSON-LD (from this editor or Hypothesis) or the Hypothesis client’s JSON export. Notes without a verdict come in
        as drafts marked “Needs a verdict”.{' '}
        <a href={`/api/articles/${articleId}/annotations.jsonld`} download>
          Export annotations (JSON-LD)
        </a>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
