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
      const { exact, moved, fuzzy, orphaned } = result.anchors;
      const summary = `Imported ${result.imported} annotation${result.imported === 1 ? '' : 's'}: ${exact} exact, ${moved} moved, ${fuzzy} placed by fuzzy match, ${orphaned} need re-anchoring.`;
      onImported([summary, ...result.problems].join(' '));
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
        W3C Web Annotation JSON-LD, for example from this editor or Hypothesis.{' '}
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
