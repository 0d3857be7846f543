// A notification as the server sends it and the header's button shows it.
import type { NotificationType } from './enums';

export type { NotificationType };

export interface NotificationView {
  id: number;
  type: NotificationType;
  articleId: number;
  articleTitle: string;
  /** The annotation it is about (open it in its panel); null if it was deleted since. */
  annotationId: string | null;
  /** The annotation's quote, for the list. */
  quote: string | null;
  commentId: string | null;
  actorName: string;
  createdAt: string;
  read: boolean;
}
