// What a person's stream says about their notifications, shared by the two
// streams a page can hold (its article's, or the person's own on pages without
// an article): the unread count, and what arrived after the last one told.
import 'server-only';
import type { Db } from '@/db/client';
import type { NotificationView } from '../domain/notification.types';
import type { Actor } from '../domain/roles';
import { listNotifications, newestNotificationId, unreadCount } from './notifications';

/** The unread count, and the notifications new since the last message (newest first). */
export interface NotificationMessage {
  unread: number;
  added: NotificationView[];
}

export class NotificationFeed {
  private told: string | null = null;

  private constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private since: number,
  ) {}

  /** `after`: the newest notification the page knows of; null for "from now" (the first message still gives the count). */
  static async open(db: Db, actor: Actor, after: number | null | undefined): Promise<NotificationFeed> {
    return new NotificationFeed(db, actor, after ?? (await newestNotificationId(db, actor)));
  }

  /** The newest notification told. */
  get position(): number {
    return this.since;
  }

  /** What is new since the last call, or null when nothing is (the first call always answers). */
  async next(): Promise<NotificationMessage | null> {
    const added = await listNotifications(this.db, this.actor, { after: this.since, limit: 100 });
    const unread = await unreadCount(this.db, this.actor);
    this.since = Math.max(this.since, added[0]?.id ?? 0);
    const key = `${this.since}:${unread}`;
    const changed = added.length > 0 || key !== this.told;
    this.told = key;
    return changed ? { unread, added } : null;
  }
}
