/**
 * Heap per shape under attack: for each case of `scripts/attack/cases.ts` (ATTACK_FILTER=regex
 * picks them) at just under the input limit (ATTACK_MAX lowers it), the smallest old-generation
 * limit with which a worker thread configured as the services' handler pool configures its
 * workers (`maxOldGenerationSizeMb`, an 8 MB young generation) still runs `processWire` on it,
 * found by bisection between 8 and 1,024 MB to 2 MB. That is the figure to hold against
 * HANDLER_MAX_HEAP_MB: a record needing more is a HANDLER_CRASH. A worker's own start costs a
 * few MB of it; the plain prose case shows that floor.
 *
 * `node --import tsx scripts/attack-heap.ts` (after `tsc -b`).
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { DEFAULT_MAX_BYTES, processWire } from "@newswire/core";
import { CASES } from "./attack/cases.js";

const meta = { receivedAt: "2024-05-17T10:00:00Z", feed: "attack" };
const YOUNG_MB = 8;

interface Job {
  name: string;
  size: number;
}

function inputOf({ name, size }: Job): { bytes: Uint8Array; contentType?: string } {
  const c = CASES.find((k) => k.name === name);
  if (!c) throw new Error(`no case ${name}`);
  const made = c.make(size);
  const bytes = (typeof made === "string" ? new TextEncoder().encode(made) : made).subarray(
    0,
    size,
  );
  return c.contentType ? { bytes, contentType: c.contentType } : { bytes };
}

/** True when a worker with `heapMb` of old generation processes the input. */
function fits(job: Job, heapMb: number): Promise<boolean> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_MB },
      stderr: true,
    });
    let ok = false;
    worker.on("message", (m) => {
      ok = m === "done";
    });
    worker.on("error", () => undefined);
    worker.on("exit", () => resolve(ok));
  });
}

async function smallestHeap(job: Job): Promise<number> {
  let lo = 8;
  let hi = 1024;
  if (!(await fits(job, hi))) return Number.POSITIVE_INFINITY;
  while (hi - lo > 2) {
    const mid = Math.floor((lo + hi) / 2);
    if (await fits(job, mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

if (!isMainThread) {
  const { bytes, contentType } = inputOf(workerData as Job);
  processWire(bytes, contentType ? { ...meta, contentType } : meta);
  parentPort?.postMessage("done");
} else {
  const maxSize = Math.min(Number(process.env.ATTACK_MAX ?? DEFAULT_MAX_BYTES), DEFAULT_MAX_BYTES);
  const filter = new RegExp(process.env.ATTACK_FILTER ?? ".", "i");
  const size = maxSize - 1024;
  console.log(`${"case".padEnd(44)}  heap MB at ${Math.round(size / 1024)} KB  per MB of input`);
  let worst = { mb: 0, name: "" };
  for (const c of CASES) {
    if (!filter.test(c.name)) continue;
    const mb = await smallestHeap({ name: c.name, size });
    const perMb = mb / (inputOf({ name: c.name, size }).bytes.length / (1 << 20));
    if (mb > worst.mb) worst = { mb, name: c.name };
    console.log(
      `${c.name.slice(0, 43).padEnd(44)}${String(mb).padStart(10)}${perMb.toFixed(1).padStart(16)}`,
    );
  }
  console.log(`HEAP worst_mb=${worst.mb} (${worst.name})`);
}
