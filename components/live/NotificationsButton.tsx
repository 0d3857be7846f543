'use client';
// The header's "Notifications" button: its name carries the unread count
// ("Notifications, 2 unread"), kept live by the page's one stream (the hub);
// it opens a list of what concerns the signed-in person, each item a link to
// its annotation (which opens in its panel), and "Mark all read".
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { NotificationView } from '@/server/domain/notification.types';
import { formatDate } from '../ui/format';
import { errorMessage, useTRPCClient } from '../ui/trpc';
import { useNotificationHub } from './NotificationHubProvider';

export type NotificationItem = NotificationView;

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function notificationSentence(n: NotificationItem): string {
  const on = n.quote ? ` on “${shorten(n.quote.replace(/\s+/g, ' '), 60)}”` : '';
  switch (n.type) {
    case 'mention':
      return `${n.actorName} mentioned you${on}`;
    case 'changes_requested':
      return `${n.actorName} asked for changes to your annotation${on}`;
    case 'approved':
      return `${n.actorName} approved your annotation${on}`;
    case 'submitted':
      return `${n.actorName} submitted an annotation${on} for review`;
  }
}

export const notificationHref = (n: Pick<NotificationItem, 'articleId' | 'annotationId'>) =>
  `/articles/${n.articleId}${n.annotationId ? `#annotation-${n.annotationId}` : ''}`;

export const notificationsLabel = (unread: number) => (unread > 0 ? `Notifications, ${unread} unread` : 'Notifications');

/** Newest first, each once. */
function mergeNewest(added: NotificationItem[], known: NotificationItem[]): NotificationItem[] {
  const seen = new Set(added.map((n) => n.id));
  return [...added, ...known.filter((n) => !seen.has(n.id))].sort((a, b) => b.id - a.id);
}

export function NotificationsButton() {
  const client = useTRPCClient();
  const hub = useNotificationHub();
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<NotificationItem[] | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const headingId = useId();

  // The page's one stream (through the hub): the unread count at once, then every new notification or read mark.
  useEffect(
    () =>
      hub?.subscribe((message) => {
        setUnread(message.unread);
        if (message.added.length > 0) setItems((known) => (known ? mergeNewest(message.added, known) : known));
      }),
    [hub],
  );

  const load = useCallback(() => {
    setError(null);
    client.notification.list
      .query({ limit: 30 })
      .then((list) => setItems(list))
      .catch((e) => setError(`Could not load notifications: ${errorMessage(e)}`));
  }, [client]);

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  // Opening moves focus into the list; a click elsewhere closes it.
  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();
    const outside = (event: PointerEvent) => {
      if (boxRef.current && !boxRef.current.contains(event.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open, close]);

  function toggle() {
    if (open) return close(false);
    setOpen(true);
    load();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    }
  }

  async function follow(event: MouseEvent<HTMLAnchorElement>, n: NotificationItem) {
    event.preventDefault();
    const href = event.currentTarget.href;
    if (!n.read) {
      setItems((known) => known?.map((k) => (k.id === n.id ? { ...k, read: true } : k)) ?? known);
      await client.notification.markRead.mutate({ id: n.id }).catch(() => undefined);
    }
    close(false);
    // A link on this very article only changes the hash: the editor opens the annotation without a reload.
    window.location.assign(href);
  }

  async function markAllRead() {
    try {
      await client.notification.markAllRead.mutate();
      setItems((known) => known?.map((k) => ({ ...k, read: true })) ?? known);
      setUnread(0);
    } catch (e) {
      setError(`Could not mark them read: ${errorMessage(e)}`);
    }
  }

  return (
    <div className="notifications" ref={boxRef}>
      <button
        type="button"
        ref={buttonRef}
        aria-label={notificationsLabel(unread)}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
        onKeyDown={onKeyDown}
      >
        Notifications
        {unread > 0 && (
          <span className="badge" aria-hidden="true">
            {' '}
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          ref={panelRef}
          className="notifications-panel"
          role="dialog"
          aria-labelledby={headingId}
          tabIndex={-1}
          onKeyDown={onKeyDown}
        >
          <h2 id={headingId}>Notifications</h2>
          <button type="button" className="link-button" onClick={markAllRead} disabled={unread === 0}>
            Mark all read
          </button>
          {error && <p role="alert">{error}</p>}
          {items === null ? (
            <p className="hint">Loading…</p>
          ) : items.length === 0 ? (
            <p className="hint">Nothing yet.</p>
          ) : (
            <ul aria-label="Notifications">
              {items.map((n) => (
                <li key={n.id} className={n.read ? 'is-read' : 'is-unread'}>
                  <a href={notificationHref(n)} onClick={(event) => void follow(event, n)}>
                    {n.read ? '' : 'Unread: '}
                    {notificationSentence(n)}
                  </a>{' '}
                  <span className="hint">
                    {n.articleTitle} · {formatDate(n.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
