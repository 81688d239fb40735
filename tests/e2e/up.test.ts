import { describe, expect, it } from "vitest";
import { descendants, processGroup, runCommand } from "../support/command.js";
import {
  checkAStoryFlows,
  expectCleanStop,
  expectNoDeprecationNotice,
  upEnv,
  waitForServices,
} from "../support/newswire-up.js";
import { Pipeline } from "../support/pipeline.js";
import { registerCleanup, stackConnection } from "../support/resources.js";
import { buildServices } from "../support/service-process.js";

/** A pipeline's names on the shared stack for `up` to run on; its topics and bucket go after. */
async function upPipeline(name: string): Promise<Pipeline> {
  buildServices();
  const pipeline = new Pipeline({ stack: stackConnection(), name, services: [] });
  registerCleanup(() => pipeline.destroy());
  await pipeline.create();
  return pipeline;
}

// On the shared stack: KAFKA_BROKERS is set, so `up` starts no stack of its own
// (tests/faults/local-stack-up.test.ts covers the machine with none running).
describe("newswire up, as the README runs it", () => {
  it("`npm start` runs the three services, a story flows, and Ctrl-C stops it all with exit 0", async () => {
    const pipeline = await upPipeline("e2e-up-npm");
    // Its own process group, like a shell's foreground job: Ctrl-C signals every process in it.
    const up = runCommand("npm", ["start"], {
      env: upEnv(pipeline, { connection: true }),
      detached: true,
    });
    const pid = up.child.pid as number;
    registerCleanup(async () => {
      if (up.child.exitCode === null) process.kill(-pid, "SIGKILL");
    });
    await waitForServices(pipeline, up);
    await up.waitForLine(/\[up\] pipeline running/, 30_000);
    await checkAStoryFlows(pipeline);
    expectNoDeprecationNotice(up);

    const seen = descendants(pid);
    process.kill(-pid, "SIGINT");
    await expectCleanStop(up, seen);
    expect(processGroup(pid)).toEqual([]);
  });

  it("`newswire up` stops its services and exits 0 on a SIGTERM to it alone", async () => {
    const pipeline = await upPipeline("e2e-up-term");
    const up = runCommand(process.execPath, ["packages/cli/bin/newswire.js", "up"], {
      env: upEnv(pipeline, { connection: true }),
    });
    registerCleanup(async () => {
      if (up.child.exitCode === null) up.child.kill("SIGKILL");
    });
    await waitForServices(pipeline, up);
    await checkAStoryFlows(pipeline);

    const seen = descendants(up.child.pid as number);
    up.child.kill("SIGTERM");
    await expectCleanStop(up, seen);
    expectNoDeprecationNotice(up);
  });
});
