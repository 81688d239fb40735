import { fileURLToPath } from "node:url";
import { toNinjs, toNinjs3 } from "@newswire/core";
import { storySchema } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { type CommandIo, EXIT } from "../command.js";
import { run } from "../main.js";

const corpus = fileURLToPath(new URL("../../../../tests/fixtures/corpus/", import.meta.url));

function io(stdin: string[] = []): CommandIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdin: (async function* () {
      for (const s of stdin) yield Buffer.from(s);
    })(),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    now: () => new Date("2024-05-17T06:00:00Z"),
    cwd: corpus,
    out: () => out,
    err: () => err,
  };
}

describe("newswire process", () => {
  it("prints a schema-valid Story for a file and exits 0", async () => {
    const t = io();
    const code = await run(["process", "01-webdesk-xi-putin.txt", "--feed", "web"], t);
    expect(code).toBe(EXIT.ok);
    const story = storySchema.parse(JSON.parse(t.out()));
    expect(story.headline).toBe("Xi, Putin join forces against US in pledge for new era");
    expect(story.source.receivedAt).toBe("2024-05-17T06:00:00.000Z");
    expect(story.source.feed).toBe("web");
    expect(story.source.archiveKey).toBe(`originals/2024/05/17/web/${story.id}.txt`);
    expect(t.err()).toBe("");
  });

  it("reads stdin for - and honours --content-type, --received-at and --format ninjs", async () => {
    const t = io(["<h1>Port reopens</h1>\n", "<p>The port reopened on <b>Tuesday</b>.</p>\n"]);
    const text = io(["Quake shakes coast\n\nA strong earthquake struck the coast on Monday.\n"]);
    expect(
      await run(
        [
          "process",
          "-",
          "--content-type",
          "text/plain",
          "--received-at",
          "2024-12-31T23:00:00Z",
          "--format",
          "ninjs",
        ],
        text,
      ),
    ).toBe(EXIT.ok);
    const ninjs = JSON.parse(text.out());
    expect(ninjs.headlines[0].value).toBe("Quake shakes coast");
    expect(ninjs.bodies[0].value).toBe("A strong earthquake struck the coast on Monday.");
    expect(ninjs.versioncreated).toBe("2024-12-31T23:00:00.000Z");
    expect(await run(["process", "-", "--content-type", "text/html"], t)).toBe(EXIT.ok);
    const html = JSON.parse(t.out());
    expect(html.source.format).toBe("html");
    expect(html.paragraphs).toEqual(["The port reopened on Tuesday."]);
  });

  it("prints --format ninjs as ninjs 2.x and --format ninjs3 as ninjs 3.x of the same Story", async () => {
    const args = ["process", "08-newsmlg2-afp.xml", "--received-at", "2024-05-02T10:00:00Z"];
    const plain = io();
    expect(await run(args, plain)).toBe(EXIT.ok);
    const story = storySchema.parse(JSON.parse(plain.out()));
    const outputs: Record<string, unknown> = {};
    for (const format of ["ninjs", "ninjs3"]) {
      const t = io();
      expect(await run([...args, "--format", format], t)).toBe(EXIT.ok);
      expect(t.err()).toBe("");
      outputs[format] = JSON.parse(t.out());
    }
    expect(outputs.ninjs).toEqual(toNinjs(story));
    expect(outputs.ninjs3).toEqual(toNinjs3(story));
    expect(outputs.ninjs).toMatchObject({
      representationtype: "full",
      versioncreated: "2024-05-02T10:00:00.000Z",
      standard: { name: "ninjs", version: expect.stringMatching(/^2\./) },
    });
    expect(outputs.ninjs3).toMatchObject({
      representationType: "full",
      versionCreated: "2024-05-02T10:00:00.000Z",
      standard: { name: "ninjs", version: expect.stringMatching(/^3\./) },
    });
    expect(outputs.ninjs3).not.toHaveProperty("representationtype");
    for (const out of Object.values(outputs)) expect(out).not.toHaveProperty("$schema");
  });

  it("prints a one-line error on stderr and exits non-zero for a rejected input", async () => {
    const t = io();
    const code = await run(["process", "bad/xml-bomb.xml"], t);
    expect(code).not.toBe(0);
    expect(t.out()).toBe("");
    const lines = t.err().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      error: { code: "XML_ENTITY_EXPANSION", message: expect.any(String) },
    });
  });

  it("exits 2 with a message on bad usage", async () => {
    for (const argv of [
      ["process"],
      ["process", "a", "b"],
      ["process", "x.txt", "--format", "xml"],
      ["process", "x.txt", "--format", "ninjs4"],
      ["process", "x.txt", "--format", "toString"],
      ["process", "x.txt", "--received-at", "yesterday"],
      ["process", "x.txt", "--bogus"],
      ["process", "does-not-exist.txt"],
      ["frobnicate"],
      [],
    ]) {
      const t = io();
      expect(await run(argv, t)).toBe(EXIT.usage);
      expect(t.err()).toMatch(/usage: newswire/);
      if (argv.includes("--format")) expect(t.err()).toContain("story, ninjs, ninjs3");
      expect(t.out()).toBe("");
    }
  });
});
