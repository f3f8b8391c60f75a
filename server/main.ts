/**
 * `npm start`: read the environment, start the help desk, stop gracefully on SIGINT/SIGTERM
 * (server.close(): readiness 503, no new connections, loops stopped and their leases released,
 * in-flight requests finished, then sockets, Redis and the database closed), exit 0.
 */
import { ConfigError, loadConfig } from './config';
import { startServer } from './server';

/** A shutdown that has not finished by then is cut short (exit 1): an orchestrator would kill us anyway. */
const FORCE_EXIT_MS = 20_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  const { logger } = server.ctx;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown did not finish in time: exiting', { afterMs: FORCE_EXIT_MS });
      process.exit(1);
    }, FORCE_EXIT_MS);
    force.unref();
    server.close().then(
      () => {
        logger.info('shut down', { signal });
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
