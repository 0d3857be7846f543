// The change source of today: every few seconds, while the tab is visible, ask
// the server what changed after the last change this page saw (its cursor).
// An idle article answers 304 with no body, so an idle poll costs one lookup.
import type { AnnotationChanges } from '@/server/domain/annotation-index';
import { ChangeListeners, type ChangeListener, type ChangeSource } from './change-source';

/** How often other reviewers' saved changes are asked for. */
export const POLL_INTERVAL_MS = 8000;

export interface CursorPollOptions {
  articleId: number;
  /** The revision this page shows: changes on another revision do not fit it. */
  revision: number;
  /** The cursor the page's index was read at. */
  cursor: number;
  intervalMs?: number;
  /** Changes after `since`, or null when there are none (replaceable in tests). */
  fetchChanges?: (since: number) => Promise<AnnotationChanges | null>;
  isVisible?: () => boolean;
  /** After each round: whether the server answered (the page's connection status). */
  onRound?: (ok: boolean) => void;
}

export class CursorPollSource implements ChangeSource {
  private readonly listeners = new ChangeListeners();
  private cursor: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlight: Promise<void> | null = null;
  private newRevision = false;

  constructor(private readonly options: CursorPollOptions) {
    this.cursor = options.cursor;
  }

  /** The change number the page has been brought up to. */
  get position(): number {
    return this.cursor;
  }

  subscribe(listener: ChangeListener): () => void {
    return this.listeners.add(listener);
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      const visible = this.options.isVisible ?? (() => document.visibilityState === 'visible');
      if (visible() && !this.inFlight) void this.poll();
    }, this.options.intervalMs ?? POLL_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  async syncNow(): Promise<void> {
    // One request at a time: two answers from the same cursor could move it back.
    if (this.inFlight !== null) await this.inFlight;
    await this.poll();
  }

  private poll(): Promise<void> {
    const round = this.round().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = round;
    return round;
  }

  private async round(): Promise<void> {
    if (this.newRevision || this.timer === null) return;
    let incoming: AnnotationChanges | null;
    try {
      incoming = await (this.options.fetchChanges ?? ((since) => fetchChanges(this.options.articleId, since, this.options.revision)))(
        this.cursor,
      );
    } catch {
      // Offline for a moment: the next round tries again; saves report their own failures.
      this.options.onRound?.(false);
      return;
    }
    this.options.onRound?.(true);
    if (this.timer === null) return;
    if (incoming && incoming.revision > this.options.revision) {
      this.newRevision = true;
      this.listeners.emit({ kind: 'newRevision', revision: incoming.revision });
      return;
    }
    if (incoming) this.cursor = incoming.cursor;
    this.listeners.emit({ kind: 'changes', changed: incoming?.changed ?? [], removed: incoming?.removed ?? [] });
  }
}

async function fetchChanges(articleId: number, since: number, revision: number): Promise<AnnotationChanges | null> {
  const response = await fetch(`/api/articles/${articleId}/changes?since=${since}&revision=${revision}`, {
    headers: { 'x-factcheck-client': '1', 'If-None-Match': `W/"${since}"` },
    cache: 'no-store',
  });
  if (response.status === 304) return null;
  if (!response.ok) throw new Error(`Changes could not be read (${response.status})`);
  return (await response.json()) as AnnotationChanges;
}
