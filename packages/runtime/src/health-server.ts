import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `/healthz`: the process is alive and not failed. `/readyz`: the consumer is in its group.
 * Port 0 means no server (HEALTH_PORT unset); tests that want one pick a free port themselves.
 */
export async function startHealthServer(
  port: number,
  checks: { live: () => boolean; ready: () => boolean },
  host = "0.0.0.0",
): Promise<HealthServer | undefined> {
  if (port === 0) return undefined;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const check = path === "/healthz" ? checks.live : path === "/readyz" ? checks.ready : undefined;
    if (!check) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const ok = check();
    response
      .writeHead(ok ? 200 : 503, { "content-type": "text/plain" })
      .end(ok ? "ok\n" : "unavailable\n");
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
