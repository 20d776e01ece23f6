/** Runs tasks with at most `concurrency` in flight; stops starting new ones once `signal` aborts. */
export async function runPool<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>, options: { signal?: AbortSignal; onResult?: (item: T, result: R, done: number) => void } = {}): Promise<Map<T, R>> {
  const results = new Map<T, R>();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length && !options.signal?.aborted) {
      const item = items[next++]!;
      const result = await task(item);
      results.set(item, result);
      options.onResult?.(item, result, ++done);
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(concurrency), items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
