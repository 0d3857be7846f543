'use client';
// The row of tools above the article: annotate, save status, update, export.
import type { SaveStatus } from '../annotations/save-queue';
import { SaveStatusLine } from '../annotations/SaveStatusLine';
import { ANNOTATE_SHORTCUT } from '../editor/ArticleView';
import { ConnectionStatus } from '../live/ConnectionStatus';
import { PublicPageLink } from '../publish/PublishPanel';

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
      {canAnnotate && (
        <button type="button" onClick={onUpdate} disabled={updating}>
          Update article
        </button>
      )}
      <a href={`/articles/${articleId}/export`} download className="button-link" title="Approved annotations only, ready to publish">
        Export HTML
      </a>
      <a
        href={`/articles/${articleId}/export?drafts=1`}
        download
        className="link-button"
        title="Includes annotations not yet approved, marked with their status"
      >
        Export with drafts
      </a>
      <PublicPageLink articleId={articleId} />
      {/* On a phone the list sits below the whole article: one tap away. */}
      <a href="#annotations-list" className="link-button jump-to-list">
        Annotations list
      </a>
    </div>
  );
}
