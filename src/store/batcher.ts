/**
 * Group commit, generically: items that arrive while a batch is being written
 * wait and go together in the next one (no timer: a batch is whatever queued
 * meanwhile), up to `maxBatch`. Each caller gets its own result or error;
 * `apply` returns one per item, in order, an Error for an item it refused.
 */
export function createBatcher<T, R>(
  apply: (items: T[]) => Promise<(R | Error)[]>,
  maxBatch: number,
): (item: T) => Promise<R> {
  const queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const pump = async () => {
    if (running) return;
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          const results = await apply(batch.map((b) => b.item));
          results.forEach((r, i) =>
            r instanceof Error ? batch[i]!.reject(r) : batch[i]!.resolve(r),
          );
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      running = false;
    }
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      void pump();
    });
}
