/**
 * A bound on concurrent password hashes in this process (or Worker isolate).
 * PBKDF2 costs 40-230 ms of a core per check here; without a bound, 400
 * logins at once run 400 KDFs and every other request waits behind them.
 * Up to `running` run at once, up to `waiting` more queue in arrival order,
 * and the rest are refused at once (the caller answers 429 with Retry-After),
 * so a flood costs bounded CPU and the queue a bounded wait.
 */
export class KdfGate {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(
    readonly running: number,
    readonly waiting: number,
  ) {}

  /** Runs `fn` when a slot is free; undefined (without running it) when the queue is full too. */
  async run<T>(fn: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.active >= this.running) {
      if (this.queue.length >= this.waiting) return undefined;
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.active++;
    try {
      return { value: await fn() };
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }

  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.queue.length };
  }
}

const gates = new Map<string, KdfGate>();

/** The process's gate for these limits (one per distinct setting, so tests can use a small one). */
export function kdfGate(running: number, waiting: number): KdfGate {
  const key = `${running}/${waiting}`;
  let g = gates.get(key);
  if (!g) gates.set(key, (g = new KdfGate(running, waiting)));
  return g;
}
