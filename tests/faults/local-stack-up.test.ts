import { beforeAll, describe, expect, it } from "vitest";
import { type CommandRun, descendants, runCommand } from "../support/command.js";
import {
  checkAStoryFlows,
  expectCleanStop,
  upEnv,
  waitForServices,
} from "../support/newswire-up.js";
import { Pipeline } from "../support/pipeline.js";
import { PrivateStack } from "../support/private-stack.js";
import { registerCleanup } from "../support/resources.js";
import { buildServices } from "../support/service-process.js";

/**
 * The README's promise on a fresh machine: `npm start` with nothing configured starts the local
 * stack (here one on free ports and a directory of its own, so the shared stack is untouched),
 * runs the pipeline, and on Ctrl-C stops the stack it started unless --keep-stack; a stack it
 * found running it never stops. Heavy (two broker starts), so it runs with the fault suite.
 */
describe("npm start on a machine with no stack running", () => {
  const stack = new PrivateStack();

  beforeAll(async () => {
    buildServices();
    registerCleanup(() => stack.stop());
    await stack.prepare();
  });

  /** `npm start ARGS` without KAFKA_BROKERS, in its own process group; ready, a story flows. */
  async function startUp(name: string, args: readonly string[]) {
    const pipeline = new Pipeline({ stack: stack.connection, name, services: [] });
    registerCleanup(() => pipeline.destroy());
    const up = runCommand("npm", ["start", ...args], {
      env: upEnv(pipeline, { connection: false, stackSettings: stack.env }),
      detached: true,
    });
    const pid = up.child.pid as number;
    registerCleanup(async () => {
      if (up.child.exitCode === null) process.kill(-pid, "SIGKILL");
    });
    await waitForServices(pipeline, up, 600_000);
    await checkAStoryFlows(pipeline);
    return { pipeline, up, pid };
  }

  async function ctrlC(up: CommandRun, pid: number): Promise<void> {
    const seen = descendants(pid);
    process.kill(-pid, "SIGINT");
    // Stopping a stack it started takes the broker's own shutdown too.
    await expectCleanStop(up, seen, 180_000);
  }

  it("starts the local stack, runs the pipeline, and stops both on Ctrl-C", async () => {
    expect(await stack.isRunning()).toBe(false);
    const { up, pid } = await startUp("up-local-stack", []);
    expect(up.lines.some((l) => l.line.includes("[up] starting the local stack"))).toBe(true);
    await ctrlC(up, pid);
    expect(up.lines.some((l) => l.line.includes("[up] stopping the local stack"))).toBe(true);
    expect(await stack.isRunning()).toBe(false);
  });

  it("leaves the stack it started running with --keep-stack, and never stops one it found", async () => {
    const kept = await startUp("up-keep-stack", ["--", "--keep-stack"]);
    await ctrlC(kept.up, kept.pid);
    expect(await stack.isRunning()).toBe(true);

    const reused = await startUp("up-reuse-stack", []);
    expect(
      reused.up.lines.some((l) => l.line.includes("[up] reusing the running local stack")),
    ).toBe(true);
    await ctrlC(reused.up, reused.pid);
    expect(reused.up.lines.some((l) => l.line.includes("stopping the local stack"))).toBe(false);
    expect(await stack.isRunning()).toBe(true);
  });
});
