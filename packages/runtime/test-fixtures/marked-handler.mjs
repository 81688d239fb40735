// A handler module for tests of the handler pool and the stage: what it does depends on the
// record's value, so a test can send records that hang, exhaust the heap or kill the worker.

/** @param {{ tag?: string } | undefined} options */
export function createHandler(options) {
  /** @param {{ value: Buffer | null }} record */
  return (record) => {
    const value = record.value === null ? "" : record.value.toString("utf8");
    if (value.startsWith("hang")) for (;;) {}
    // "slow <ms>": sleeps that long (no CPU), then answers like any record.
    if (value.startsWith("slow "))
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(value.slice(5)));
    if (value.startsWith("explode-heap")) {
      const hoard = [];
      for (;;) hoard.push(new Array(100_000).fill(hoard.length));
    }
    if (value.startsWith("explode-string"))
      return { kind: "publish", key: null, value: "x".repeat(2 ** 30), headers: {} };
    if (value.startsWith("exit")) process.exit(7);
    if (value.startsWith("bug")) throw new TypeError("cannot read properties of undefined");
    if (value.startsWith("retryable"))
      throw Object.assign(new Error("try later"), { retryable: true, code: "LATER" });
    if (value.startsWith("reject")) return { kind: "reject", code: "NO_BODY", message: "no body" };
    return {
      kind: "publish",
      key: value,
      value: value.toUpperCase(),
      headers: { tag: options?.tag ?? "none", "is-buffer": String(Buffer.isBuffer(record.value)) },
    };
  };
}
