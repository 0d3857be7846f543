'use client';
// What the page has to tell above the article: a newer revision to load, the
// outcome of an import or a revision, and what failed with no form to show it.
import type { ReactNode } from 'react';

interface Props {
  staleRevision: boolean;
  /** Loading the new revision waits for saves on their way. */
  canReload: boolean;
  notice: string | null;
  alert: string | null;
  onDismissAlert: () => void;
  /** Questions and kept drafts, said between the notices and the alert. */
  children?: ReactNode;
}

export function WorkspaceNotices({ staleRevision, canReload, notice, alert, onDismissAlert, children }: Props) {
  return (
    <>
      {staleRevision && (
        <p aria-live="polite" className="notice">
          Another reviewer saved a new revision of this article.{' '}
          <button type="button" className="link-button" onClick={() => window.location.reload()} disabled={!canReload}>
            Load it
          </button>
        </p>
      )}
      {notice && (
        <p aria-live="polite" className="notice">
          {notice}
        </p>
      )}
      {children}
      {alert && (
        <p role="alert" className="error page-alert">
          {alert}{' '}
          <button type="button" className="link-button" onClick={onDismissAlert}>
            Dismiss
          </button>
        </p>
      )}
    </>
  );
}
