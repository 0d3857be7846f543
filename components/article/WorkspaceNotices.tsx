'use client';
// What the page has to tell above the article: a newer revision to load, the
// outcome of an import or a revision, and what failed with no form to show it.
import { useLayoutEffect, useState, type ReactNode } from 'react';

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
      {staleRevision && <RevisionNotice canReload={canReload} />}
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

/**
 * A colleague's new revision: it stays in sight under the toolbar however far
 * the page is scrolled, until this page loads it, since every annotation shown
 * meanwhile sits on the old text.
 */
function RevisionNotice({ canReload }: { canReload: boolean }) {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const toolbar = document.querySelector('.toolbar');
    if (!toolbar) return;
    // The toolbar is sticky too and its height changes (wrapping, phones): sit just under it.
    const measure = () => setTop(toolbar.getBoundingClientRect().height);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(toolbar);
    return () => observer.disconnect();
  }, []);
  return (
    <p aria-live="polite" className="notice is-sticky" style={{ top }}>
      Another reviewer saved a new revision of this article.{' '}
      <button type="button" className="link-button" onClick={() => window.location.reload()} disabled={!canReload}>
        Load it
      </button>
    </p>
  );
}
