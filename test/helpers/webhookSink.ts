/**
 * A tiny HTTP server that records JSON POSTs (an SMS gateway or webhook receiver stand-in):
 * optionally failing the first N, answering a given sequence of statuses, or never answering.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  headers: http.IncomingHttpHeaders;
  /** The raw body, exactly as sent (signatures are over these bytes). */
  body: string;
  status: number | null;
}

export interface WebhookSink {
  url: string;
  /** Parsed bodies of the requests answered with a 2xx. */
  received: unknown[];
  /** Every request, answered or not. */
  requests: SinkRequest[];
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface SinkOptions {
  failFirst?: number;
  /** Statuses for the first requests in order (then 200). */
  statuses?: number[];
  /** Never answer (the connection stays open until the caller gives up). */
  hang?: boolean;
}

export async function startWebhookSink(options: SinkOptions = {}): Promise<WebhookSink> {
  const received: unknown[] = [];
  const requests: SinkRequest[] = [];
  let toFail = options.failFirst ?? 0;
  const statuses = [...(options.statuses ?? [])];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const record: SinkRequest = { headers: req.headers, body, status: null };
      requests.push(record);
      if (options.hang) return;
      let status = statuses.length ? (statuses.shift() as number) : 200;
      if (toFail > 0) {
        toFail -= 1;
        status = 503;
      }
      record.status = status;
      if (status < 200 || status >= 300) {
        res.writeHead(status).end('busy');
        return;
      }
      received.push(JSON.parse(body));
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    received,
    requests,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhook calls, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
