import { describe, expect, it } from "vitest";
import { runNewswire } from "../support/command.js";
import { startPipeline } from "../support/resources.js";

const KILL_TOMBSTONE_AFTER_MS = 4_000;
const CHAIN = "tests/fixtures/chains-heldout/dpa-g2-german-withheld-canceled";
const KEY = "id|urn:newsml:dpa.com:20090101:240702-99-612340";
const OTHER = "id|urn:newsml:dpa.com:20090101:240702-99-612877";

// The README's `newswire tail --current`: a subscriber's view of stories.current, on the real
// broker with the normalizer and the enricher as processes.
describe("newswire tail --current", () => {
  it("prints each story's current version, the kill, and the tombstone that follows it", async () => {
    const pipeline = await startPipeline({
      name: "e2e-tail-current",
      services: ["normalizer", "enricher"],
      // one partition everywhere: the versions reach the enricher in the order sent
      partitions: 1,
      serviceEnv: {
        enricher: { CURRENT_KILL_TOMBSTONE_AFTER_MS: String(KILL_TOMBSTONE_AFTER_MS) },
      },
    });
    const tail = runNewswire(
      ["tail", "--current", "--from-beginning", "--max", "5", "--timeout-ms", "120000"],
      pipeline.env,
    );
    await tail.waitForLine(/^tailing .*stories\.current /, 60_000);
    // Version 1, then 3, then 2 late (withheld: it never becomes current), another story, the kill.
    const files = ["01-v1.xml", "03-v3.xml", "02-v2-withheld.xml", "05-other.xml"];
    const send = runNewswire(
      ["send", ...files.map((f) => `${CHAIN}/${f}`), "--feed", "dpa-g2"],
      pipeline.env,
    );
    expect((await send.exit).code, send.stderr()).toBe(0);
    const kill = runNewswire(["send", `${CHAIN}/04-v4-canceled.xml`, "--feed", "dpa-g2"], {
      ...pipeline.env,
    });
    expect((await kill.exit).code, kill.stderr()).toBe(0);
    expect((await tail.exit).code, tail.stderr()).toBe(0);
    const lines = tail.stdout().trimEnd().split("\n");
    const esc = (s: string) => s.replace(/[|.]/g, "\\$&");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(new RegExp(`^${esc(KEY)} v1 usable new — Bahn will 40 Strecken`));
    expect(lines[1]).toMatch(new RegExp(`^${esc(KEY)} v3 usable update — Bahn will 40 Strecken`));
    expect(lines[2]).toMatch(new RegExp(`^${esc(OTHER)} v1 usable new — Bahn will Ticketpreise`));
    expect(lines[3]).toMatch(new RegExp(`^${esc(KEY)} v4 canceled kill — Storno: `));
    expect(lines[4]).toBe(`${KEY} removed`);
  });
});
