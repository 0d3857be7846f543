// Saves run one at a time, in the order they were made, so that an edit never
// overtakes the creation it edits. A save that fails for a passing reason
// (network, server error) is retried until it goes through; one the server
// refuses is handed back to its owner with the server's message. Nothing is
// dropped silently.

export interface SaveJob {
  /** What is being saved, for the status line: "annotation on “500 million people”". */
  describe: string;
  run: () => Promise<void>;
  onRefused: (error: unknown) => void;
}

export type SaveStatus =
  | { state: 'saved' }
  | { state: 'saving'; pending: number }
  /** `unreachable`: the server could not be reached at all (the page is offline or the server down). */
  | { state: 'retrying'; pending: number; reason: string; nextAttemptInMs: number; unreachable?: boolean };

export interface SaveQueueOptions {
  isRefusal: (error: unknown) => boolean;
  isUnreachable?: (error: unknown) => boolean;
  describeError: (error: unknown) => string;
  onStatus: (status: SaveStatus) => void;
  /** Waits between attempts; the last one repeats for as long as it takes. */
  retryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_DELAYS = [500, 1000, 2000, 5000, 10000];

export class SaveQueue {
  private jobs: SaveJob[] = [];
  private running = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: SaveQueueOptions) {}

  get pending(): number {
    return this.jobs.length;
  }

  enqueue(job: SaveJob): void {
    this.jobs.push(job);
    if (!this.running) void this.drain();
    else this.report({ state: 'saving', pending: this.jobs.length });
  }

  /** Try the failing save again now instead of waiting out the delay. */
  retryNow(): void {
    this.wake?.();
  }

  private report(status: SaveStatus) {
    this.options.onStatus(status);
  }

  private async drain(): Promise<void> {
    this.running = true;
    const delays = this.options.retryDelaysMs ?? DEFAULT_DELAYS;
    while (this.jobs.length > 0) {
      const job = this.jobs[0];
      this.report({ state: 'saving', pending: this.jobs.length });
      for (let attempt = 0; ; attempt++) {
        try {
          await job.run();
          break;
        } catch (error) {
          if (this.options.isRefusal(error)) {
            job.onRefused(error);
            break;
          }
          const wait = delays[Math.min(attempt, delays.length - 1)];
          this.report({
            state: 'retrying',
            pending: this.jobs.length,
            reason: `${job.describe}: ${this.options.describeError(error)}`,
            nextAttemptInMs: wait,
            unreachable: this.options.isUnreachable?.(error) ?? false,
          });
          await this.pause(wait);
        }
      }
      this.jobs.shift();
    }
    this.running = false;
    this.report({ state: 'saved' });
  }

  private pause(ms: number): Promise<void> {
    const sleep = this.options.sleep ?? ((t: number) => new Promise<void>((resolve) => setTimeout(resolve, t)));
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      void sleep(ms).then(resolve);
    }).finally(() => {
      this.wake = null;
    });
  }
}
