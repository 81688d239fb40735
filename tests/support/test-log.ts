/** A test's log: one line on stdout per call, prefixed with the test's name (`[faults:stall]`). */
export function testLog(name: string): (line: string) => void {
  return (line) => console.info(`[${name}] ${line}`);
}

/** `log` at most once per `everyMs`: the progress of a long drain without a line per poll. */
export function throttled(log: (line: string) => void, everyMs = 10_000): (line: string) => void {
  let last = 0;
  return (line) => {
    if (Date.now() - last > everyMs) {
      last = Date.now();
      log(line);
    }
  };
}
