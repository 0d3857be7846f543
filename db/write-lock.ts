// A first-in first-out async lock: the one SQLite writer connection is held by
// one transaction at a time while its callback awaits. Twenty lines, so not a
// dependency (async-mutex and p-limit do the same; neither is installed).

export class WriteLock {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Runs `fn` once every earlier holder has finished; the lock is released however `fn` ends. */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.waiting++;
    try {
      await previous;
      return await fn();
    } finally {
      this.waiting--;
      release();
    }
  }

  /** How many holders are running or queued (for the benchmark and tests). */
  get queued(): number {
    return this.waiting;
  }
}
