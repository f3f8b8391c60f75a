/**
 * The HTTP side of a node's life (issue #9): counting in-flight requests so a graceful shutdown
 * can wait for them, and the narrow HTTP surface of a worker node.
 */
import net from 'node:net';
import type http from 'node:http';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export class HttpDrain {
  inFlight = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly lifecycle: { shuttingDown: boolean }) {}

  /** Wraps the app: counts each request until its response is done; during a drain, ends keep-alive. */
  track(handler: Handler): Handler {
    return (req, res) => {
      this.inFlight += 1;
      res.once('close', () => {
        this.inFlight -= 1;
        if (this.inFlight === 0) for (const resolve of this.waiters) resolve();
      });
      // A kept-alive connection (a load balancer's pool) closes after this answer instead of
      // bringing more work to a node that is leaving.
      if (this.lifecycle.shuttingDown) res.setHeader('Connection', 'close');
      handler(req, res);
    };
  }

  /**
   * Stops accepting connections. Unlike http.Server#close(), idle keep-alive connections are
   * left open: a request already on its way over one is answered (with `Connection: close`),
   * and Node closes the rest after keepAliveTimeout.
   */
  stopListening(server: http.Server): void {
    if (server.listening) net.Server.prototype.close.call(server);
  }

  /** Resolves true once no request is in flight, false when `timeoutMs` passed first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(onIdle);
        resolve(idle);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(onIdle);
    });
  }
}

/** What a worker node (SERVER_ROLE=worker) answers over HTTP: health, readiness and metrics. */
const WORKER_PATHS = new Set(['/api/health', '/api/health/ready', '/metrics']);

export function workerOnly(app: Handler): Handler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    if (WORKER_PATHS.has(path)) return app(req, res);
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'This node runs background work only (SERVER_ROLE=worker): send requests to a web node' } }));
  };
}
