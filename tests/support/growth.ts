/**
 * Growth checks for tests: the CPU time of a function at size n and at `factor` times n (16 by
 * default: two quadruplings). Linear code gives a ratio near the factor, quadratic code near its
 * square; tests bound it in between. Two quadruplings rather than one because on a shared
 * machine linear code can measure up to twice its factor (where a tree outgrows V8's young
 * generation between the two sizes, or neighbours evict the caches), while quadratic code at
 * small n still carries its linear part: 16 against 256 separates them, 4 against 16 does not.
 *
 * CPU time of this process. The large input is repeated until a run of it takes about 20 ms,
 * the small one `factor` times as often (so both runs cost about the same if the code is
 * linear); trials of the two are interleaved (a burst of load elsewhere hits both) and the best
 * of each kept. A test costs about 0.2 s of CPU whatever the code.
 */
function cpuMillis(run: () => unknown, times: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** time(factor × n) / time(n), per run, for inputs built by `make(n)`. */
export function growthRatio(
  make: (n: number) => string,
  n: number,
  run: (input: string) => unknown,
  factor = 16,
  trials = 4,
): number {
  const small = make(n);
  const large = make(factor * n);
  run(small); // warm the JIT on the shape at both sizes
  let times = 1;
  while (cpuMillis(() => run(large), times) < 20 && times < 64) times *= 2;
  let tSmall = Number.POSITIVE_INFINITY;
  let tLarge = Number.POSITIVE_INFINITY;
  for (let i = 0; i < trials; i++) {
    tSmall = Math.min(tSmall, cpuMillis(() => run(small), times * factor) / (times * factor));
    tLarge = Math.min(tLarge, cpuMillis(() => run(large), times) / times);
  }
  return tLarge / tSmall;
}
