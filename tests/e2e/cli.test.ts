import { storySchema } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { runNewswire } from "../support/command.js";
import { startPipeline } from "../support/resources.js";

// The README's `send` and `tail` commands, typed as the README types them (`npx newswire ...`).
describe("the README's send and tail commands", () => {
  it("send publishes the seed story and tail prints it as one summary line", async () => {
    const pipeline = await startPipeline({ name: "e2e-cli" });
    const tail = runNewswire(
      ["tail", "--from-beginning", "--max", "1", "--timeout-ms", "60000"],
      pipeline.env,
    );
    await tail.waitForLine(/^tailing /, 60_000);
    const sentAt = Date.now();
    const send = runNewswire(
      ["send", "examples/wire/01-webdesk-xi-putin.txt", "--feed", "webdesk"],
      pipeline.env,
    );
    expect((await send.exit).code, send.stderr()).toBe(0);
    const sendExitedAt = Date.now();
    const topic = pipeline.topics.raw.replaceAll(".", "\\.");
    expect(send.stdout()).toMatch(
      new RegExp(
        `^sent 01-webdesk-xi-putin\\.txt \\(2699 bytes\\) to ${topic} partition \\d+ offset 0\n$`,
      ),
    );
    expect((await tail.exit).code, tail.stderr()).toBe(0);
    expect(tail.stdout()).toBe(
      "Xi, Putin join forces against US in pledge for new era — reuters (contributor, photo, cited) — feed webdesk\n",
    );
    const printedAt = tail.lines.find((l) => l.stream === "stdout")?.at ?? Number.NaN;
    console.info(
      `[e2e] newswire send started -> the running newswire tail prints the story: ${printedAt - sentAt} ms (send exited after ${sendExitedAt - sentAt} ms)`,
    );
  });

  it("tail --json prints the full Story, and exits 1 when --max is not reached in time", async () => {
    const pipeline = await startPipeline({ name: "e2e-cli-json" });
    const send = runNewswire(
      ["send", "examples/wire/09-ninjs-xinhua.json", "--feed", "xinhua-en"],
      pipeline.env,
    );
    expect((await send.exit).code, send.stderr()).toBe(0);
    const tail = runNewswire(
      ["tail", "--json", "--from-beginning", "--max", "2", "--timeout-ms", "15000"],
      pipeline.env,
    );
    expect((await tail.exit).code).toBe(1);
    const lines = tail.stdout().trim().split("\n");
    expect(lines).toHaveLength(1);
    const story = JSON.parse(lines[0] ?? "{}");
    expect(story.source.feed).toBe("xinhua-en");
    expect(story.agencies.map((a: { id: string }) => a.id)).toEqual(["xinhua"]);
  });
});

describe("the README's process commands (no Kafka, no S3)", () => {
  it("prints the Story of an NITF file, and its ninjs projection with --format ninjs", async () => {
    const story = runNewswire(["process", "tests/fixtures/corpus/07-nitf-reuters.xml"], {});
    expect((await story.exit).code, story.stderr()).toBe(0);
    const parsed = storySchema.parse(JSON.parse(story.stdout()));
    expect(parsed.source.format).toBe("nitf");
    expect(parsed.headline.length).toBeGreaterThan(0);

    const ninjs = runNewswire(
      ["process", "tests/fixtures/corpus/01-webdesk-xi-putin.txt", "--format", "ninjs"],
      {},
    );
    expect((await ninjs.exit).code, ninjs.stderr()).toBe(0);
    const projected = JSON.parse(ninjs.stdout()) as Record<string, unknown>;
    // A ninjs document, not a Story: it has a uri and none of the Story's own fields.
    expect(typeof projected.uri).toBe("string");
    expect(projected).not.toHaveProperty("paragraphs");
  });
});
