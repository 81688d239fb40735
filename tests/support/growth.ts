/**
 * Growth checks for tests: the CPU time of a function at size n and at 4n. Linear code gives a
 * ratio near 4, quadratic code near 16; tests bound it in between. CPU time of this process,
 * the small input repeated until a run takes long enough to measure, trials of the two sizes
 * interleaved (so a burst of load elsewhere hits both) and the best of each kept.
 */
function cpuMillis(run: () => unknown, times: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Enough repeats of the small input for about 10 ms of CPU. */
function calibrate(run: () => unknown): number {
  let times = 1;
  while (cpuMillis(run, times) < 10 && times < 1024) times *= 2;
  return times;
}

/** time(4n) / time(n) for inputs built by `make(n)`. */
export function growthRatio(
  make: (n: number) => string,
  n: number,
  run: (input: string) => unknown,
  trials = 5,
): number {
  const small = make(n);
  const large = make(4 * n);
  run(large); // warm the JIT on the shape at both sizes
  const times = calibrate(() => run(small));
  let t1 = Number.POSITIVE_INFINITY;
  let t4 = Number.POSITIVE_INFINITY;
  for (let i = 0; i < trials; i++) {
    t1 = Math.min(
      t1,
      cpuMillis(() => run(small), times),
    );
    t4 = Math.min(
      t4,
      cpuMillis(() => run(large), times),
    );
  }
  return t4 / t1;
}
