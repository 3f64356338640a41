import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Balancer {
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

/**
 * A small HTTP load balancer for trying several workers on one machine: requests go round-robin
 * to `targets` (ports on `host`), and a request whose worker does not accept the connection is
 * sent to the next one, so a dead worker costs no update. In production use nginx or the cloud's
 * load balancer instead.
 */
export async function startBalancer(options: { port: number; targets: number[]; host?: string; log: (line: string) => void }): Promise<Balancer> {
  const host = options.host ?? "127.0.0.1";
  let next = 0;
  const forward = (port: number, req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const upstream = http.request({ host, port, method: req.method, path: req.url, headers: { ...req.headers, host: `${host}:${port}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      upstream.on("error", reject);
      upstream.end(body);
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(c);
    });
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const start = next++ % options.targets.length;
      for (let i = 0; i < options.targets.length; i++) {
        const port = options.targets[(start + i) % options.targets.length]!;
        try {
          const r = await forward(port, req, body);
          res.writeHead(r.status, r.headers).end(r.body);
          return;
        } catch (error) {
          options.log(`balancer: worker on port ${port} failed (${(error as Error).message}); trying the next`);
        }
      }
      res.writeHead(502, { "content-type": "text/plain" }).end("no worker answered");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
