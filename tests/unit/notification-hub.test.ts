import { describe, expect, it } from 'vitest';
import { NotificationHub } from '@/components/live/notification-hub';
import type { NotificationUpdate } from '@/components/annotations/store/live-source';
import type { NotificationView } from '@/server/domain/notification.types';

const note = (id: number): NotificationView =>
  ({
    id,
    type: 'mention',
    articleId: 1,
    articleTitle: 'T',
    annotationId: null,
    quote: null,
    commentId: null,
    actorName: 'Ed',
    createdAt: '',
    read: false,
  }) as NotificationView;

function setup() {
  const opened: { after: number | null; closed: boolean; tell: (u: NotificationUpdate) => void; position: (n: number) => void }[] = [];
  const hub = new NotificationHub((after, { onUpdate, onPosition }) => {
    const o = { after, closed: false, tell: onUpdate, position: onPosition };
    opened.push(o);
    return () => {
      o.closed = true;
    };
  });
  return { hub, opened };
}

describe('NotificationHub: one stream per page', () => {
  it('opens no stream of its own on a page whose article stream carries the notifications (said before it starts)', () => {
    const { hub, opened } = setup();
    const release = hub.carry();
    hub.start();
    expect(opened).toHaveLength(0);
    const heard: NotificationUpdate[] = [];
    hub.subscribe((u) => heard.push(u));
    hub.tell({ unread: 1, added: [note(7)] });
    expect(heard).toEqual([{ unread: 1, added: [note(7)] }]);
    // Leaving the article: the own stream takes over from the newest notification heard.
    release();
    expect(opened).toEqual([expect.objectContaining({ after: 7, closed: false })]);
  });

  it('holds its own stream on other pages, closes it while an article stream carries them, and tells a late listener the count', () => {
    const { hub, opened } = setup();
    hub.start();
    expect(opened).toHaveLength(1);
    expect(opened[0].after).toBeNull();
    opened[0].position(12);
    opened[0].tell({ unread: 3, added: [] });
    const release = hub.carry();
    expect(opened[0].closed).toBe(true);
    expect(hub.after).toBe(12);
    const late: NotificationUpdate[] = [];
    hub.subscribe((u) => late.push(u));
    expect(late).toEqual([{ unread: 3, added: [] }]);
    release();
    release();
    expect(opened).toHaveLength(2);
    expect(opened[1].after).toBe(12);
    hub.stop();
    expect(opened[1].closed).toBe(true);
  });
});
