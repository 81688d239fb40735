import { connect, createServer, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";
import { scrape, total } from "../support/metrics-scrape.js";
import { registerCleanup, stackConnection, startPipeline } from "../support/resources.js";
import type { ServiceProcess } from "../support/service-process.js";

async function readiness(service: ServiceProcess): Promise<{ status: number; body: string }> {
  const response = await fetch(`${service.healthUrl}/readyz`, {
    signal: AbortSignal.timeout(3_000),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * A TCP relay to the real S3 server that can be cut and restored: S3 "refusing" without
 * stopping the S3 server other tests use.
 */
class Relay {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on("close", () => this.#sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.#server = server;
  }

  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe("/readyz means something", () => {
  it("the archiver is not ready while S3 refuses, and ready again when it answers", async () => {
    const s3 = new URL(stackConnection().s3.endpoint);
    const relay = new Relay(await freePort(), { host: s3.hostname, port: Number(s3.port || 80) });
    await relay.open();
    registerCleanup(() => relay.cut());
    const pipeline = await startPipeline({
      name: "e2e-ready-s3",
      services: ["archiver"],
      serviceEnv: { archiver: { S3_ENDPOINT: `http://127.0.0.1:${relay.port}` } },
    });
    const { archiver } = pipeline.services;
    expect(await readiness(archiver)).toEqual({ status: 200, body: "ok\n" });

    await relay.cut();
    // The HeadBucket probe runs every 5 s.
    await expect
      .poll(() => readiness(archiver), { timeout: 15_000, interval: 250 })
      .toEqual({
        status: 503,
        body: "unavailable\ns3: failing\n",
      });
    const down = await scrape(archiver.healthUrl);
    expect(total(down, "newswire_ready")).toBe(0);
    expect(total(down, "newswire_s3_errors_total", { code: "unavailable" })).toBeGreaterThan(0);
    expect(archiver.running).toBe(true);

    await relay.open();
    await expect
      .poll(async () => (await readiness(archiver)).status, { timeout: 15_000, interval: 250 })
      .toBe(200);
  });

  it("a member is not ready while it is out of its consumer group", async () => {
    const pipeline = await startPipeline({ name: "e2e-ready-group", services: ["enricher"] });
    const first = pipeline.services.enricher;
    const paused = pipeline.addReplica("enricher", "1");
    await paused.start();
    await paused.waitReady();
    await expect.poll(async () => (await readiness(first)).status, { timeout: 30_000 }).toBe(200);
    // A member that stops answering holds the next rebalance until its session times out
    // (15 s): the join a new member asks for leaves the others out of the group until then.
    paused.pause();
    registerCleanup(async () => paused.resume());
    const joining = pipeline.addReplica("enricher", "2");
    await joining.start();
    await expect
      .poll(() => readiness(first), { timeout: 15_000, interval: 100 })
      .toEqual({
        status: 503,
        body: "unavailable\nkafka: not in the consumer group, or the broker is unreachable\n",
      });
    expect(total(await scrape(first.healthUrl), "newswire_ready")).toBe(0);
    await expect
      .poll(async () => (await readiness(first)).status, { timeout: 60_000, interval: 250 })
      .toBe(200);
    await joining.waitReady();
  });
});
