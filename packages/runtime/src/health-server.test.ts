import { describe, expect, it } from "vitest";
import { startHealthServer } from "./health-server.js";

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
});
