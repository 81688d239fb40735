import { HEADERS } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { runCommand, runNewswire } from "../support/command.js";
import { startPipeline } from "../support/resources.js";
import { listKeys } from "../support/s3-objects.js";
import { header, type ReadRecord } from "../support/topic-reader.js";
import { type WireInput, wireInput } from "../support/wire-inputs.js";
import { sendOnce } from "../support/wire-producer.js";

/** A plain-text story no other test sends, received at `receivedAt` from `feed`. */
function story(run: string, n: number, feed: string | null, receivedAt: string): WireInput {
  const value = Buffer.from(
    `Ferry line ${run} adds crossing number ${n}\n\nHELSINKI, May 17 (Reuters) - The ferry line said on Friday it would add crossing ${n} to its summer timetable, citing demand from freight hauliers.\n`,
  );
  const input = wireInput({
    kind: `replay-${n}`,
    value,
    feed: feed ?? "",
    receivedAt,
    expect: "story",
    ...(n % 2 === 0 ? { contentType: "text/plain; charset=utf-8" } : {}),
    key: n % 3 === 0 ? `item-${n}` : null,
  });
  if (feed === null) delete input.headers[HEADERS.wireSource];
  return input;
}

const ids = (records: readonly ReadRecord[]) => records.map((r) => r.key ?? "");
const parsed = (record: ReadRecord) =>
  JSON.parse(String(record.value)) as {
    id: string;
    headline: string;
    source: Record<string, unknown>;
  };

describe("newswire replay", () => {
  it("re-sends a day from the archive: the same story ids, the same objects, nothing new", async () => {
    const pipeline = await startPipeline({ name: "e2e-replay" });
    const day17 = [
      story(pipeline.id, 1, "reuters", "2024-05-17T06:00:00Z"),
      story(pipeline.id, 2, "reuters", "2024-05-17T09:30:00+02:00"),
      story(pipeline.id, 3, "webdesk", "2024-05-17T12:00:00Z"),
      story(pipeline.id, 4, "webdesk", "2024-05-17T23:59:59Z"),
      story(pipeline.id, 5, null, "2024-05-17T15:00:00Z"),
    ];
    const day18 = [
      story(pipeline.id, 6, "reuters", "2024-05-18T01:00:00Z"),
      story(pipeline.id, 7, "webdesk", "2024-05-18T02:00:00Z"),
    ];
    const inputs = [...day17, ...day18];
    await sendOnce(pipeline.kafka, pipeline.topics.raw, inputs);
    const first = await pipeline.drain(inputs, { timeoutMs: 90_000, settleMs: 1_000 });
    const keysBefore = (await listKeys(pipeline.s3, pipeline.bucket)).sort();
    expect(keysBefore).toHaveLength(inputs.length);
    const idsBefore = new Set(ids(first.stories));
    expect(idsBefore.size).toBe(inputs.length);

    // Not a terminal: one line per object, then the summary.
    const replay = runNewswire(["replay", "--from", "2024-05-17", "--rate", "200"], pipeline.env);
    expect((await replay.exit).code, replay.stderr()).toBe(0);
    const lines = replay.stdout().trimEnd().split("\n");
    expect(lines).toHaveLength(day17.length + 1);
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatch(
        /^replayed originals\/2024\/05\/17\/[a-z-]+\/[0-9a-f]{32}\.txt \(\d+ bytes\) to /,
      );
    }
    expect(lines.at(-1)).toMatch(
      /^replay: 5 replayed, 0 skipped, 0 failed, 0 outside the range, of 5 objects under originals\/2024\/05\/17\/ in [\d.]+ s$/,
    );

    // A terminal (script(1) gives it a pty): a progress bar on stderr instead of the lines.
    const tty = runCommand(
      "script",
      [
        "-qefc",
        "node packages/cli/bin/newswire.js replay --from 2024-05-18 --feed webdesk",
        "/dev/null",
      ],
      { env: { ...process.env, ...pipeline.env, COLUMNS: "120" } },
    );
    expect((await tty.exit).code, tty.stdout()).toBe(0);
    const screen = tty.stdout();
    // cli-progress redraws the line in place (cursor to column 1, erase to the end of line).
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's escape sequences
    expect(screen).toMatch(/\x1b\[1Greplay \[-+\] 0% \| 0\/1 objects/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's escape sequences
    expect(screen).toMatch(/\x1b\[1Greplay \[=+\] 100% \| 1\/1 objects \| [\d.]+\/s \| skipped 0/);
    expect(screen).not.toMatch(/^replayed /m);
    expect(screen).toMatch(
      /replay: 1 replayed, 0 skipped, 0 failed, 0 outside the range, of 1 objects/,
    );

    // Each replayed original is published again under its own id, and archived over itself.
    const replayed = day17.length + 1;
    const stories = await pipeline.read("stories");
    await stories.waitFor(
      (m) => m.length >= inputs.length + replayed,
      90_000,
      "the replayed stories",
    );
    await expect.poll(async () => (await pipeline.lag()).archiver, { timeout: 30_000 }).toBe(0);
    await new Promise((r) => setTimeout(r, 2_000));
    const admin = await pipeline.admin();
    await stories.readToEnd(admin, 30_000);
    expect(stories.messages).toHaveLength(inputs.length + replayed);
    expect(new Set(ids(stories.messages))).toEqual(idsBefore);
    // The day's five and the one story of webdesk on the 18th: each now twice, the rest once.
    const wanted = new Set(
      ids(
        first.stories.filter((r) => {
          const { receivedAt, feed } = parsed(r).source;
          const day = String(receivedAt).slice(0, 10);
          return day === "2024-05-17" || (feed === "webdesk" && day === "2024-05-18");
        }),
      ),
    );
    expect(wanted.size).toBe(replayed);
    const seen = new Map<string, ReadRecord[]>();
    for (const record of stories.messages) {
      seen.set(record.key ?? "", [...(seen.get(record.key ?? "") ?? []), record]);
    }
    for (const [id, records] of seen) expect(records.length, id).toBe(wanted.has(id) ? 2 : 1);
    const again = [...seen.values()].filter((r) => r.length === 2).map((r) => r[1] as ReadRecord);
    for (const record of again) {
      const original = first.stories.find((r) => r.key === record.key);
      const before = parsed(original as ReadRecord);
      const after = parsed(record);
      expect(after.headline).toBe(before.headline);
      const { kafka: _k1, ...sourceBefore } = before.source;
      const { kafka: _k2, ...sourceAfter } = after.source;
      expect(sourceAfter).toEqual(sourceBefore);
    }
    // The raw copies say where they came from.
    const raw = await pipeline.read("raw");
    await raw.readToEnd(admin, 30_000);
    expect(raw.messages).toHaveLength(inputs.length + replayed);
    const marked = raw.messages.filter((r) => header(r, HEADERS.replayOf) !== undefined);
    expect(marked).toHaveLength(replayed);
    for (const record of marked) expect(keysBefore).toContain(header(record, HEADERS.replayOf));
    expect((await listKeys(pipeline.s3, pipeline.bucket)).sort()).toEqual(keysBefore);
  });

  it("refuses a request that names nothing to replay, with the usage", async () => {
    const run = runNewswire(["replay"], {});
    expect((await run.exit).code).toBe(2);
    expect(run.stderr()).toContain("say what to replay");
  });
});
