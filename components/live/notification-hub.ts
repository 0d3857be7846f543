// The person's notifications for the header's button, from whichever stream
// the page holds: an article's page hears them on its article's stream (which
// "carries" them), any other page on the person's own stream, which the hub
// opens only while no article stream carries them. So every page holds one
// stream. Framework-free: the own stream is passed in (tRPC in the app).
import type { NotificationUpdate } from '../annotations/store/live-source';

/** Opens the person's own stream after notification `after` (null: from now); returns the way to close it. */
export type OwnNotificationStream = (
  after: number | null,
  handlers: { onUpdate(update: NotificationUpdate): void; onPosition(newest: number): void },
) => () => void;

export class NotificationHub {
  private readonly listeners = new Set<(update: NotificationUpdate) => void>();
  private newest: number | null = null;
  private unread: number | null = null;
  private carriers = 0;
  private started = false;
  private closeOwn: (() => void) | null = null;

  constructor(private readonly openOwn: OwnNotificationStream) {}

  /** Every update; told at once with the unread count if it is known. */
  subscribe(listener: (update: NotificationUpdate) => void): () => void {
    this.listeners.add(listener);
    if (this.unread !== null) listener({ unread: this.unread, added: [] });
    return () => this.listeners.delete(listener);
  }

  /** The person is signed in: a page without an article stream gets the own one. */
  start(): void {
    this.started = true;
    this.sync();
  }

  stop(): void {
    this.started = false;
    this.sync();
  }

  /** An article's stream carries the notifications from now on: the own stream closes until the returned release. */
  carry(): () => void {
    this.carriers++;
    this.sync();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.carriers--;
      this.sync();
    };
  }

  /** The newest notification heard of, where the next stream starts (null: none yet, from now). */
  get after(): number | null {
    return this.newest;
  }

  tell(update: NotificationUpdate): void {
    for (const n of update.added) this.newest = Math.max(this.newest ?? 0, n.id);
    this.unread = update.unread;
    for (const listener of this.listeners) listener(update);
  }

  private sync(): void {
    const wanted = this.started && this.carriers === 0;
    if (wanted && !this.closeOwn) {
      this.closeOwn = this.openOwn(this.newest, {
        onUpdate: (update) => this.tell(update),
        onPosition: (newest) => {
          this.newest = Math.max(this.newest ?? 0, newest);
        },
      });
    } else if (!wanted && this.closeOwn) {
      this.closeOwn();
      this.closeOwn = null;
    }
  }
}
