import { spawn } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deleteBucket, testKafka, testS3 } from "../support/resources.js";
import { buildOnce, Pipeline, ROOT } from "./pipeline-harness.js";

const kafka = testKafka("newswire-e2e-cli");
const s3 = testS3();
const running: Pipeline[] = [];

/** Runs `newswire ARGS` from the built bin, as a newcomer does with npx; resolves at exit. */
function newswire(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [`${ROOT}packages/cli/bin/newswire.js`, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let announce: () => void = () => undefined;
  const tailing = new Promise<void>((resolve) => {
    announce = resolve;
  });
  const lines: { at: number; line: string }[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const line of chunk.toString().split("\n").filter(Boolean))
      lines.push({ at: Date.now(), line });
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes("tailing ")) announce();
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { lines, exit, tailing, output: () => ({ stdout, stderr }) };
}

beforeAll(() => {
  buildOnce();
});

afterEach(async () => {
  for (const pipeline of running.splice(0))
    await pipeline.stop(kafka, (bucket) => deleteBucket(s3, bucket));
});

afterAll(() => {
  s3.destroy();
});

describe("the README's send and tail commands", () => {
  it("send publishes the seed story and tail prints it as one summary line", async () => {
    const pipeline = await Pipeline.start(kafka, running);
    const env = pipeline.names.env;
    const tail = newswire(["tail", "--from-beginning", "--max", "1", "--timeout-ms", "60000"], env);
    await tail.tailing;
    const sentAt = Date.now();
    const send = newswire(
      ["send", "examples/wire/01-webdesk-xi-putin.txt", "--feed", "webdesk"],
      env,
    );
    expect(await send.exit, send.output().stderr).toBe(0);
    const sendExitedAt = Date.now();
    expect(send.output().stdout).toMatch(
      /^sent 01-webdesk-xi-putin\.txt \(2699 bytes\) to e2e-.*\.wire\.raw partition \d+ offset 0\n$/,
    );
    expect(await tail.exit, tail.output().stderr).toBe(0);
    expect(tail.output().stdout).toBe(
      "Xi, Putin join forces against US in pledge for new era — reuters (contributor, photo, cited) — feed webdesk\n",
    );
    const printedAt = tail.lines[0]?.at ?? Number.NaN;
    console.info(
      `[e2e] newswire send started -> the running newswire tail prints the story: ${printedAt - sentAt} ms (send exited after ${sendExitedAt - sentAt} ms)`,
    );
  });

  it("tail --json prints the full Story, and exits 1 when --max is not reached in time", async () => {
    const pipeline = await Pipeline.start(kafka, running);
    const env = pipeline.names.env;
    const send = newswire(
      ["send", "examples/wire/09-ninjs-xinhua.json", "--feed", "xinhua-en"],
      env,
    );
    expect(await send.exit).toBe(0);
    const tail = newswire(
      ["tail", "--json", "--from-beginning", "--max", "2", "--timeout-ms", "15000"],
      env,
    );
    expect(await tail.exit).toBe(1);
    const lines = tail.output().stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const story = JSON.parse(lines[0] ?? "{}");
    expect(story.source.feed).toBe("xinhua-en");
    expect(story.agencies.map((a: { id: string }) => a.id)).toEqual(["xinhua"]);
  });
});
