import { describe, expect, it } from "vitest";
import { descendants, processGroup, runCommand } from "../support/command.js";
import {
  checkAStoryFlows,
  expectCleanStop,
  expectNoDeprecationNotice,
  upEnv,
  upPorts,
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
    const ports = await upPorts();
    // Its own process group, like a shell's foreground job: Ctrl-C signals every process in it.
    const up = runCommand("npm", ["start"], {
      env: upEnv(pipeline, { connection: true, ports }),
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

    // The addresses `up` prints, fetched as the README does: `curl -s <address>`; the story
    // that just flowed is counted by every service.
    const printed = await up.waitForLine(/\[up\] metrics/, 5_000);
    const addresses = [...printed.line.matchAll(/http:\/\/127\.0\.0\.1:(\d+)\/metrics/g)];
    expect(addresses.map((m) => Number(m[1]))).toEqual([
      ports.normalizer,
      ports.enricher,
      ports.archiver,
    ]);
    for (const [address] of addresses) {
      // The archiver commits its offset just after the PUT the check saw: wait for it.
      await expect
        .poll(
          async () => {
            const curl = runCommand("curl", ["-s", address], { env: { PATH: process.env.PATH } });
            await curl.exit;
            return /^newswire_records_in_total\{stage="\w+",service="\w+"\} (\d+)$/m.exec(
              curl.stdout(),
            )?.[1];
          },
          { timeout: 15_000, interval: 500 },
        )
        .toBe("1");
    }

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
