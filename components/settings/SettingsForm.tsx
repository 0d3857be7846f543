'use client';
// The organisation that publishes the checks, and its verdict scale.
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { saveSettingsInput } from '@/server/domain/settings.types';
import { verdictInUseMessage, type Verdict } from '@/server/domain/verdicts';
import { errorMessage, useTRPC } from '../ui/trpc';
import { ScrollRegion } from '../ui/ScrollRegion';

interface Props {
  initial: {
    organisation: {
      name: string;
      url: string | null;
      logoUrl: string | null;
      allowSelfApproval: boolean;
      publicUrl?: string | null;
      methodologyUrl?: string | null;
      correctionsPolicyUrl?: string | null;
    };
    /** FACTCHECK_PUBLIC_URL when the server sets it: it wins over the address saved here. */
    publicUrlFromEnvironment?: string | null;
    verdicts: Verdict[];
    /** Annotations per verdict key: a verdict in use cannot be deleted, and the form says so before removing anything. */
    usage: Record<string, number>;
  };
}

interface VerdictRow {
  /** Stable across edits so React keeps each row's inputs; new rows have no saved key yet. */
  rowId: string;
  saved: boolean;
  key: string;
  label: string;
  colour: string;
  icon: string;
  rating: string;
  requiresEvidence: boolean;
}

const toRow = (v: Verdict): VerdictRow => ({
  rowId: v.key,
  saved: true,
  key: v.key,
  label: v.label,
  colour: v.colour,
  icon: v.icon,
  rating: v.rating === null ? '' : String(v.rating),
  requiresEvidence: v.requiresEvidence,
});

const slug = (label: string) =>
  label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

export function SettingsForm({ initial }: Props) {
  const trpc = useTRPC();
  const id = useId();
  const [name, setName] = useState(initial.organisation.name);
  const [url, setUrl] = useState(initial.organisation.url ?? '');
  const [logoUrl, setLogoUrl] = useState(initial.organisation.logoUrl ?? '');
  const [allowSelfApproval, setAllowSelfApproval] = useState(initial.organisation.allowSelfApproval);
  const [publicUrl, setPublicUrl] = useState(initial.organisation.publicUrl ?? '');
  const [methodologyUrl, setMethodologyUrl] = useState(initial.organisation.methodologyUrl ?? '');
  const [correctionsPolicyUrl, setCorrectionsPolicyUrl] = useState(initial.organisation.correctionsPolicyUrl ?? '');
  const [rows, setRows] = useState<VerdictRow[]>(initial.verdicts.map(toRow));
  const [usage, setUsage] = useState(initial.usage);
  const [inUse, setInUse] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.save.mutationOptions({
      onSuccess: (result) => {
        setRows(result.verdicts.map(toRow));
        setUsage(result.usage);
        setSaved('Settings saved');
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  // Removing a verdict in use would only get the whole save refused later, taking the other edits with it.
  function remove(row: VerdictRow, name: string) {
    const n = row.saved ? (usage[row.key] ?? 0) : 0;
    if (n > 0) return setInUse(verdictInUseMessage(name, n));
    setInUse(null);
    setRows((list) => list.filter((r) => r.rowId !== row.rowId));
  }

  const update = (rowId: string, patch: Partial<VerdictRow>) =>
    setRows((list) => list.map((r) => (r.rowId === rowId ? { ...r, ...patch } : r)));
  const move = (index: number, by: number) =>
    setRows((list) => {
      const next = [...list];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row);
      return next;
    });

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(null);
    setInUse(null);
    const parsed = saveSettingsInput.safeParse({
      organisation: { name, url, logoUrl, allowSelfApproval, publicUrl, methodologyUrl, correctionsPolicyUrl },
      verdicts: rows.map((r) => ({
        key: r.key,
        label: r.label,
        colour: r.colour,
        icon: r.icon,
        rating: r.rating.trim() === '' ? null : Number(r.rating),
        requiresEvidence: r.requiresEvidence,
      })),
    });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    save.mutate(parsed.data);
  }

  return (
    <form className="settings-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>Organisation</legend>
        <p className="hint">Published as the author of every fact-check (schema.org ClaimReview).</p>
        <label htmlFor={`${id}-name`}>Organisation name</label>
        <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor={`${id}-url`}>Organisation URL</label>
        <input id={`${id}-url`} type="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />
        <label htmlFor={`${id}-logo`}>Logo URL</label>
        <input id={`${id}-logo`} type="url" placeholder="https://" value={logoUrl} onChange={(e) => setLogoUrl(e.target.value)} />
      </fieldset>

      <fieldset>
        <legend>Publishing</legend>
        <label htmlFor={`${id}-public`}>Public address</label>
        <input
          id={`${id}-public`}
          type="url"
          placeholder="https://"
          value={publicUrl}
          onChange={(e) => setPublicUrl(e.target.value)}
          aria-describedby={`${id}-public-hint`}
        />
        <p id={`${id}-public-hint`} className="hint">
          Where readers reach this app: public pages and ClaimReview links are built on it.
          {initial.publicUrlFromEnvironment
            ? ` The server sets ${initial.publicUrlFromEnvironment} (FACTCHECK_PUBLIC_URL), which wins over this field.`
            : ''}
        </p>
        <label htmlFor={`${id}-method`}>Methodology URL</label>
        <input
          id={`${id}-method`}
          type="url"
          placeholder="https://"
          value={methodologyUrl}
          onChange={(e) => setMethodologyUrl(e.target.value)}
        />
        <label htmlFor={`${id}-corrections`}>Corrections policy URL</label>
        <input
          id={`${id}-corrections`}
          type="url"
          placeholder="https://"
          value={correctionsPolicyUrl}
          onChange={(e) => setCorrectionsPolicyUrl(e.target.value)}
        />
      </fieldset>

      <fieldset>
        <legend>Review</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={allowSelfApproval}
            onChange={(e) => setAllowSelfApproval(e.target.checked)}
            aria-describedby={`${id}-self-hint`}
          />
          Allow self-approval
        </label>
        <p id={`${id}-self-hint`} className="hint">
          For a one-person desk: editors may approve their own annotations. Off by default; each such approval is marked in the history.
        </p>
      </fieldset>

      <fieldset>
        <legend>Verdict scale</legend>
        <p className="hint">
          Keys are stored on annotations and never change; labels, colours, icons and order can. A rating (for example True 5 … False 1) is
          published with the verdict; leave it empty for verdicts off the scale, such as Misleading. A verdict in use cannot be deleted.
        </p>
        <ScrollRegion label="Verdicts">
          <table className="verdict-table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Key</th>
                <th scope="col">Colour</th>
                <th scope="col">Icon</th>
                <th scope="col">Rating</th>
                <th scope="col">Needs evidence</th>
                <th scope="col">In use</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const name = row.label || `new verdict ${index + 1}`;
                return (
                  <tr key={row.rowId}>
                    <td>
                      <input
                        type="text"
                        aria-label={`Label of verdict ${index + 1}`}
                        value={row.label}
                        onChange={(e) => update(row.rowId, { label: e.target.value, ...(row.saved ? {} : { key: slug(e.target.value) }) })}
                      />
                    </td>
                    <td>
                      {row.saved ? (
                        <code>{row.key}</code>
                      ) : (
                        <input
                          type="text"
                          aria-label={`Key of ${name}`}
                          value={row.key}
                          onChange={(e) => update(row.rowId, { key: e.target.value })}
                        />
                      )}
                    </td>
                    <td>
                      <input
                        type="color"
                        aria-label={`Colour of ${name}`}
                        value={row.colour}
                        onChange={(e) => update(row.rowId, { colour: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        className="narrow"
                        aria-label={`Icon of ${name}`}
                        value={row.icon}
                        onChange={(e) => update(row.rowId, { icon: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        className="narrow"
                        min={1}
                        max={100}
                        aria-label={`Rating of ${name}`}
                        value={row.rating}
                        onChange={(e) => update(row.rowId, { rating: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${name} needs evidence to be approved`}
                        checked={row.requiresEvidence}
                        onChange={(e) => update(row.rowId, { requiresEvidence: e.target.checked })}
                      />
                    </td>
                    <td>{row.saved ? (usage[row.key] ?? 0) : 0}</td>
                    <td className="row-actions">
                      <button type="button" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                        ↑
                      </button>
                      <button
                        type="button"
                        aria-label={`Move ${name} down`}
                        disabled={index === rows.length - 1}
                        onClick={() => move(index, 1)}
                      >
                        ↓
                      </button>
                      <button type="button" className="danger" aria-label={`Delete ${name}`} onClick={() => remove(row, name)}>
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
        {inUse && (
          <p role="alert" className="error">
            {inUse}
          </p>
        )}
        <button
          type="button"
          onClick={() =>
            setRows((list) => [
              ...list,
              {
                rowId: crypto.randomUUID(),
                saved: false,
                key: '',
                label: '',
                colour: '#4a5a6a',
                icon: '',
                rating: '',
                requiresEvidence: true,
              },
            ])
          }
        >
          Add verdict
        </button>
      </fieldset>

      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="saved">
        {saved}
      </p>
      <button type="submit" className="primary" disabled={save.isPending}>
        Save settings
      </button>
    </form>
  );
}
