import { randomBytes } from "node:crypto";
import { HEADERS } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { runNewswire } from "../support/command.js";
import { startPipeline } from "../support/resources.js";
import { listKeys } from "../support/s3-objects.js";
import { header } from "../support/topic-reader.js";
import { wireInput } from "../support/wire-inputs.js";
import { sendOnce } from "../support/wire-producer.js";

async function newswire(args: string[], env: Readonly<Record<string, string>>) {
  const run = runNewswire(args, env);
  const exit = await run.exit;
  return { code: exit.code, out: run.stdout(), err: run.stderr() };
}

describe("newswire dlq", () => {
  it("lists and shows dead letters; a fixed one redriven is published exactly once, a failing one never loops", async () => {
    // The "bug": the normalizer refuses anything over 2 KB.
    const pipeline = await startPipeline({
      name: "e2e-dlq",
      serviceEnv: { normalizer: { MAX_INPUT_BYTES: "2048" } },
    });
    const paragraph = `The council's harbour committee ${pipeline.id} met on Thursday to weigh the dredging plan, the fifth such meeting this year, and heard from shipping lines, fishermen and the environment agency in turn.`;
    const long = wireInput({
      kind: "long",
      value: Buffer.from(
        `Harbour committee ${pipeline.id} weighs dredging plan\n\nGDANSK, May 17 (Reuters) - ${Array.from({ length: 16 }, () => paragraph).join("\n\n")}\n`,
      ),
      feed: "dlq-feed",
      receivedAt: "2024-05-17T06:00:00Z",
      expect: "dlq",
    });
    const binary = wireInput({
      kind: "binary",
      value: Buffer.concat([Buffer.from([0, 1, 2, 0]), randomBytes(300)]),
      feed: "dlq-feed",
      receivedAt: "2024-05-17T06:01:00Z",
      expect: "dlq",
    });
    const short = wireInput({
      kind: "short",
      value: Buffer.from(
        `Harbour ${pipeline.id} opens\n\nGDANSK, May 17 (Reuters) - The harbour reopened on Friday after a week of repairs, the port said.\n`,
      ),
      feed: "dlq-feed",
      receivedAt: "2024-05-17T06:02:00Z",
      expect: "story",
    });
    expect(long.value.byteLength).toBeGreaterThan(2048);
    await sendOnce(pipeline.kafka, pipeline.topics.raw, [long, binary, short]);
    const drained = await pipeline.drain([long, binary, short], {
      timeoutMs: 90_000,
      settleMs: 1_000,
    });
    expect(drained.dlq).toHaveLength(2);
    const at = (sha: string) => {
      const record = drained.dlq.find((r) =>
        r.value?.equals(sha === long.sha256 ? long.value : binary.value),
      );
      return `${record?.partition}:${record?.offset}`;
    };
    const longAt = at(long.sha256);
    const binaryAt = at(binary.sha256);
    const env = pipeline.env;

    // list: one line each, with reason, stage, where it came from, size and first line.
    const list = await newswire(["dlq", "list"], env);
    expect(list.code, list.err).toBe(0);
    const lines = list.out.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const rawTopic = pipeline.topics.raw;
    const longLine = lines.find((l) => l.startsWith(`${longAt}  `)) ?? "";
    expect(longLine).toMatch(
      new RegExp(
        `^${longAt}  \\S+Z  TOO_LARGE  normalizer  from ${rawTopic.replaceAll(".", "\\.")} \\d+:\\d+  ${long.value.byteLength} B  "Harbour committee ${pipeline.id} weighs dredging plan"$`,
      ),
    );
    expect(lines.find((l) => l.startsWith(`${binaryAt}  `))).toMatch(
      / {2}BINARY {2}normalizer {2}.*"\(binary, \d+ bytes\)"$/,
    );
    const byCode = await newswire(
      ["dlq", "list", "--code", "TOO_LARGE", "--json", "--since", "1h"],
      env,
    );
    const listed = byCode.out
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      code: "TOO_LARGE",
      stage: "normalizer",
      size: long.value.byteLength,
      redrivenAt: null,
    });

    // show: all of it.
    const show = await newswire(["dlq", "show", longAt], env);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain("error-code:    TOO_LARGE");
    expect(show.out).toContain(`wire-source: dlq-feed`);
    expect(show.out).toContain(`Harbour committee ${pipeline.id} weighs dredging plan`);
    const missing = await newswire(["dlq", "show", "0:999999"], env);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("no dead letter at 0:999999");

    // The fix is deployed: the normalizer takes the default 2 MB again.
    const { normalizer } = pipeline.services;
    await normalizer.terminate();
    normalizer.setEnv({ MAX_INPUT_BYTES: String(2 * 1024 * 1024) });
    await normalizer.start();
    await normalizer.waitReady();

    const stories = await pipeline.read("stories");
    const dlq = await pipeline.read("dlq");
    const first = await newswire(["dlq", "redrive", "--code", "TOO_LARGE"], env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toBe(
      `redriven ${longAt} (TOO_LARGE) to ${rawTopic}\nredrive: 1 redriven, 0 already redriven, 0 refused\n`,
    );
    const second = await newswire(["dlq", "redrive", longAt], env);
    expect(second.out).toMatch(
      new RegExp(`^already redriven ${longAt} \\(TOO_LARGE\\) at \\S+ to `),
    );
    expect(second.out).toContain("redrive: 0 redriven, 1 already redriven, 0 refused");

    // A record the fix does not cure fails again; its second dead letter is not redriven.
    const binaryRun = await newswire(["dlq", "redrive", binaryAt], env);
    expect(binaryRun.out).toContain("redrive: 1 redriven");
    await dlq.waitFor((m) => m.length >= 3, 60_000, "the binary record's second dead letter");
    const again = dlq.messages.find((m) => header(m, HEADERS.redrivenFrom) !== undefined);
    expect(header(again as never, HEADERS.redrivenFrom)).toBe(`${pipeline.topics.dlq}:${binaryAt}`);
    const loop = await newswire(["dlq", "redrive", "--code", "BINARY"], env);
    expect(loop.out).toContain(`already redriven ${binaryAt} (BINARY)`);
    expect(loop.out).toContain(
      `refused ${again?.partition}:${again?.offset} (BINARY): it failed again after the redrive of`,
    );
    expect(loop.out).toContain("redrive: 0 redriven, 1 already redriven, 1 refused");

    // The long story came out once, under the id of its bytes, archived over its first copy.
    await stories.waitFor((m) => m.length >= 2, 60_000, "the redriven story");
    await expect
      .poll(async () => await pipeline.lag(), { timeout: 30_000 })
      .toEqual({
        normalizer: 0,
        enricher: 0,
        archiver: 0,
      });
    await new Promise((r) => setTimeout(r, 2_000));
    const admin = await pipeline.admin();
    await Promise.all([stories.readToEnd(admin, 30_000), dlq.readToEnd(admin, 30_000)]);
    const published = stories.messages.map(
      (m) => JSON.parse(String(m.value)) as { source: { sha256: string; receivedAt: string } },
    );
    expect(published.filter((s) => s.source.sha256 === long.sha256)).toHaveLength(1);
    expect(published.find((s) => s.source.sha256 === long.sha256)?.source.receivedAt).toBe(
      "2024-05-17T06:00:00.000Z",
    );
    expect(stories.messages).toHaveLength(2);
    expect(dlq.messages).toHaveLength(3);
    expect(await listKeys(pipeline.s3, pipeline.bucket)).toHaveLength(3);

    const after = await newswire(["dlq", "list", "--code", "TOO_LARGE"], env);
    expect(after.out).toMatch(/ B redriven \S+Z {2}"Harbour committee/);
  });
});
