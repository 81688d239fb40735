import { createServer as createNetServer } from "node:net";
import { describe, expect, it } from "vitest";
import { startHealthServer } from "./health-server.js";
import { createServiceMetrics } from "./metrics.js";

describe("startHealthServer", () => {
  it("is disabled on port 0", async () => {
    expect(await startHealthServer(0, { live: () => true, ready: () => true })).toBeUndefined();
  });

  it("answers /healthz and /readyz from the checks", async () => {
    let ready = false;
    const { createServer } = await import("node:net");
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const server = await startHealthServer(
      port,
      { live: () => true, ready: () => ready },
      "127.0.0.1",
    );
    try {
      const base = `http://127.0.0.1:${server?.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await server?.close();
    }
  });

  it("names the failing checks on /readyz and serves the metrics on /metrics", async () => {
    const metrics = createServiceMetrics({ service: "archiver", processMetrics: false });
    metrics.stage("archiver").restarted();
    const server = await startHealthServer(
      await freePort(),
      {
        live: () => true,
        ready: () => false,
        unready: () => ["s3: failing"],
        metrics,
      },
      "127.0.0.1",
    );
    try {
      const base = `http://127.0.0.1:${server?.port}`;
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.text()).toBe("unavailable\ns3: failing\n");
      const scraped = await fetch(`${base}/metrics`);
      expect(scraped.headers.get("content-type")).toContain("text/plain");
      expect(await scraped.text()).toContain(
        'newswire_session_restarts_total{stage="archiver",service="archiver"} 1',
      );
    } finally {
      await server?.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
