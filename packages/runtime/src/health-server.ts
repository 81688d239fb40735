import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export interface HealthChecks {
  live: () => boolean;
  ready: () => boolean;
  /** The checks that fail now, named in the /readyz body ("kafka: not in the consumer group"). */
  unready?: () => readonly string[];
  /** The Prometheus exposition served at /metrics (prom-client's registry). */
  metrics?: { contentType: string; text: () => Promise<string> };
}

/**
 * `/healthz`: the process is alive and not failed. `/readyz`: it can do its work (in its consumer
 * group, the broker reachable, the archiver's S3 taking requests), 503 with the failing checks
 * otherwise. `/metrics`: Prometheus text. Port 0 means no server (HEALTH_PORT unset); tests that
 * want one pick a free port themselves.
 */
export async function startHealthServer(
  port: number,
  checks: HealthChecks,
  host = "0.0.0.0",
): Promise<HealthServer | undefined> {
  if (port === 0) return undefined;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/metrics" && checks.metrics) {
      const { metrics } = checks;
      metrics.text().then(
        (text) => response.writeHead(200, { "content-type": metrics.contentType }).end(text),
        (error: unknown) =>
          response
            .writeHead(500, { "content-type": "text/plain" })
            .end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    if (path === "/healthz") {
      const ok = checks.live();
      response
        .writeHead(ok ? 200 : 503, { "content-type": "text/plain" })
        .end(ok ? "ok\n" : "unavailable\n");
      return;
    }
    if (path === "/readyz") {
      const ok = checks.ready();
      const failing = ok ? [] : (checks.unready?.() ?? []);
      const body = ok ? "ok\n" : `unavailable\n${failing.map((f) => `${f}\n`).join("")}`;
      response.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(body);
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
