import { describe, expect, it } from "vitest";
import { createPrettyLogLine } from "./pretty-log-line.js";

describe("createPrettyLogLine", () => {
  it("turns a pino JSON line into one readable line", () => {
    const pretty = createPrettyLogLine();
    const line = pretty(
      JSON.stringify({
        level: 30,
        time: 1709550000000,
        service: "enricher",
        msg: "published",
        storyId: "abc",
      }),
    );
    expect(line).toContain("published");
    expect(line).toContain('"storyId":"abc"');
    expect(line).not.toContain("\n");
  });

  it("leaves other lines alone", () => {
    expect(createPrettyLogLine()("plain text")).toBe("plain text");
  });
});
