// "Article N reached sequence S" and "person P has something new", published
// after a transaction commits (server/services/transaction.ts) and heard by the
// live streams. Ids only: a listener reads the rows itself, so a notifier that
// crosses processes (PostgreSQL LISTEN/NOTIFY, one connection per process)
// carries the same two numbers and nothing a reader could trust instead of the database.
import 'server-only';

export type SeqListener = (seq: number) => void;
export type PersonListener = (notificationId: number) => void;

export interface ChangeNotifier {
  /** The article's change sequence reached `seq` (committed). */
  publish(articleId: number, seq: number): void;
  subscribe(articleId: number, listener: SeqListener): () => void;
  /** A notification for this person was written (committed); `notificationId` is its id. */
  publishPerson(userId: string, notificationId: number): void;
  subscribePerson(userId: string, listener: PersonListener): () => void;
}

/** One process's listeners, by channel. A listener that throws is logged and does not stop the others. */
class InProcessNotifier implements ChangeNotifier {
  private readonly articles = new Map<number, Set<SeqListener>>();
  private readonly people = new Map<string, Set<PersonListener>>();

  publish(articleId: number, seq: number): void {
    emit(this.articles.get(articleId), seq);
  }

  subscribe(articleId: number, listener: SeqListener): () => void {
    return add(this.articles, articleId, listener);
  }

  publishPerson(userId: string, notificationId: number): void {
    emit(this.people.get(userId), notificationId);
  }

  subscribePerson(userId: string, listener: PersonListener): () => void {
    return add(this.people, userId, listener);
  }

  /** How many listeners are held (for tests and the benchmark). */
  listenerCount(): number {
    let n = 0;
    for (const set of this.articles.values()) n += set.size;
    for (const set of this.people.values()) n += set.size;
    return n;
  }
}

function emit<T>(listeners: Set<(value: T) => void> | undefined, value: T): void {
  if (!listeners) return;
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (error) {
      console.error('A change listener failed', error);
    }
  }
}

function add<K, T>(channels: Map<K, Set<T>>, key: K, listener: T): () => void {
  let set = channels.get(key);
  if (!set) {
    set = new Set();
    channels.set(key, set);
  }
  set.add(listener);
  return () => {
    const current = channels.get(key);
    if (!current) return;
    current.delete(listener);
    if (current.size === 0) channels.delete(key);
  };
}

// On globalThis, so that Next's hot reload and its separate route bundles share one emitter.
const globalForNotifier = globalThis as unknown as { factcheckNotifier?: ChangeNotifier };

export function getNotifier(): ChangeNotifier {
  globalForNotifier.factcheckNotifier ??= new InProcessNotifier();
  return globalForNotifier.factcheckNotifier;
}

/** Replaces the process's notifier (the PostgreSQL one, or a test's); returns the previous one. */
export function setNotifier(notifier: ChangeNotifier): ChangeNotifier {
  const previous = getNotifier();
  globalForNotifier.factcheckNotifier = notifier;
  return previous;
}

export function inProcessListenerCount(): number {
  const notifier = getNotifier();
  return notifier instanceof InProcessNotifier ? notifier.listenerCount() : 0;
}
