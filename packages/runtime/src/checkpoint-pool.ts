/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the pool full across
 * checkpoints. `checkpoint(from, to, results)` covers items [from, to) once every one of them
 * (and so every earlier item) has finished: it is called whenever that finished run from the
 * start has grown by `every` items, and once at the end for the rest. Checkpoints run one at a
 * time, in order. `fn` returning "stop", `checkpoint` returning false, or any error stops the
 * pool taking new items and skips the checkpoints not yet run; errors are rethrown once the
 * calls in flight have settled. Resolves true when every item was checkpointed.
 */
export async function poolWithCheckpoints<T, R>(
  items: readonly T[],
  limit: number,
  every: number,
  fn: (item: T) => Promise<R | "stop">,
  checkpoint: (from: number, to: number, results: readonly R[]) => Promise<boolean>,
): Promise<boolean> {
  const results = new Array<R>(items.length);
  const done = new Array<boolean>(items.length).fill(false);
  let next = 0;
  let finishedTo = 0;
  let scheduledTo = 0;
  let checkpointedTo = 0;
  let stopped = false;
  // The first error, kept in an array so that the closures' writes are visible to the checks.
  const failures: unknown[] = [];
  let chain: Promise<void> = Promise.resolve();
  const schedule = (to: number) => {
    const from = scheduledTo;
    scheduledTo = to;
    chain = chain.then(async () => {
      if (stopped || failures.length > 0) return;
      try {
        if (await checkpoint(from, to, results.slice(from, to))) checkpointedTo = to;
        else stopped = true;
      } catch (error) {
        failures.push(error);
      }
    });
  };
  const worker = async () => {
    while (!stopped && failures.length === 0 && next < items.length) {
      const index = next++;
      let result: R | "stop";
      try {
        result = await fn(items[index] as T);
      } catch (error) {
        failures.push(error);
        return;
      }
      if (result === "stop") {
        stopped = true;
        return;
      }
      results[index] = result;
      done[index] = true;
      while (finishedTo < items.length && done[finishedTo]) finishedTo++;
      if (finishedTo < items.length && finishedTo - scheduledTo >= every) schedule(finishedTo);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (
    !stopped &&
    failures.length === 0 &&
    finishedTo === items.length &&
    scheduledTo < items.length
  ) {
    schedule(items.length);
  }
  await chain;
  if (failures.length > 0) throw failures[0];
  return checkpointedTo === items.length;
}
