'use client';
// The row of tools above the article: annotate, save status, update, export.
// On a narrow screen (a phone, or 200 % zoom) the secondary actions move
// behind a More menu so the row fits on one line; CSS shows one set or the
// other (a hidden set is out of the accessibility tree too).
import type { SaveStatus } from '../annotations/save-queue';
import { SaveStatusLine } from '../annotations/SaveStatusLine';
import { ANNOTATE_SHORTCUT } from '../editor/shortcuts';
import { ConnectionStatus } from '../live/ConnectionStatus';
import { usePublicPageUrl } from '../publish/PublishPanel';
import { MoreMenu, type MoreItem } from './MoreMenu';

const EXPORT_TITLE = 'Approved annotations only, ready to publish';
const DRAFTS_TITLE = 'Includes annotations not yet approved, marked with their status';

interface Props {
  articleId: number;
  /** Whether this person may annotate and update the article (the server checks it again). */
  canAnnotate: boolean;
  onAnnotate: () => void;
  /** What the annotate button has to say: why it cannot annotate yet, where the keyboard jumped, what is selected. */
  hint: string;
  status: SaveStatus;
  onRetryNow: () => void;
  /** Annotations whose changes wait for a choice between two versions (see SaveStatusLine). */
  awaitingDecision?: number;
  updating: boolean;
  onUpdate: () => void;
}

export function ArticleToolbar({
  articleId,
  canAnnotate,
  onAnnotate,
  hint,
  status,
  onRetryNow,
  awaitingDecision,
  updating,
  onUpdate,
}: Props) {
  const publicUrl = usePublicPageUrl(articleId);
  const exportHref = `/articles/${articleId}/export`;
  const draftsHref = `/articles/${articleId}/export?drafts=1`;
  const more: MoreItem[] = [
    ...(canAnnotate ? [{ kind: 'button' as const, label: 'Update article', onSelect: onUpdate, disabled: updating }] : []),
    { kind: 'link', label: 'Export HTML', href: exportHref, download: true, title: EXPORT_TITLE },
    { kind: 'link', label: 'Export with drafts', href: draftsHref, download: true, title: DRAFTS_TITLE },
    ...(publicUrl ? [{ kind: 'link' as const, label: 'Public page', href: publicUrl, newTab: true }] : []),
    { kind: 'link', label: 'Annotations list', href: '#annotations-list' },
  ];
  return (
    <div className="toolbar" role="toolbar" aria-label="Article tools">
      {canAnnotate && (
        <button
          type="button"
          className="primary"
          onClick={onAnnotate}
          aria-keyshortcuts="Control+Alt+M"
          title={`Annotate selection (${ANNOTATE_SHORTCUT.label})`}
          aria-describedby="annotate-hint"
        >
          Annotate selection
        </button>
      )}
      <span id="annotate-hint" className="hint" aria-live="polite">
        {hint}
      </span>
      <SaveStatusLine status={status} onRetryNow={onRetryNow} awaitingDecision={awaitingDecision} />
      <ConnectionStatus status={status} />
      <span className="toolbar-wide">
        {canAnnotate && (
          <button type="button" onClick={onUpdate} disabled={updating}>
            Update article
          </button>
        )}
        <a href={exportHref} download className="button-link" title={EXPORT_TITLE}>
          Export HTML
        </a>
        <a href={draftsHref} download className="link-button" title={DRAFTS_TITLE}>
          Export with drafts
        </a>
        {publicUrl && (
          <a href={publicUrl} className="link-button" target="_blank" rel="noopener">
            Public page
          </a>
        )}
        {/* Where the list sits below the whole article: one tap away. */}
        <a href="#annotations-list" className="link-button jump-to-list">
          Annotations list
        </a>
      </span>
      <span className="toolbar-narrow">
        <MoreMenu items={more} />
      </span>
    </div>
  );
}
