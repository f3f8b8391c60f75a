/**
 * Liveness (`/health`, as the contract has it) and readiness (`/health/ready`): a load balancer
 * sends traffic only to a node whose database answers in time. Redis (when configured) is checked
 * and reported, but a node without it still serves its own clients (single-node behaviour), and
 * every node loses Redis at once: failing them all on it would take the whole help desk down.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { defineRoute } from '../http/route';
import { pingRedis } from '../util/redisClient';

const checkSchema = z.union([
  z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() }),
  z.object({ skipped: z.literal(true) }),
]);
const readySchema = z.object({
  status: z.enum(['ready', 'degraded', 'unavailable', 'shutting_down']),
  checks: z.object({ database: checkSchema, redis: checkSchema }),
  failing: z.array(z.string()).optional().describe('the checks that failed (503 only)'),
  degraded: z.array(z.string()).optional().describe('checks that failed without stopping this node (Redis: live events and leases stay on this node until it is back)'),
});

type Check = { ok: boolean; ms: number; error?: string } | { skipped: true };

async function timed(timeoutMs: number, probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)))]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function readiness(ctx: AppContext) {
  const timeoutMs = ctx.config.READY_TIMEOUT_MS;
  const redisUrl = ctx.config.REDIS_URL;
  const [database, redis] = await Promise.all([
    timed(timeoutMs, () => ctx.sequelize.query('SELECT 1')),
    redisUrl ? timed(timeoutMs, () => pingRedis(redisUrl, timeoutMs)) : Promise.resolve<Check>({ skipped: true }),
  ]);
  const checks = { database, redis };
  const failed = (check: Check) => 'ok' in check && !check.ok;
  return { checks, failing: failed(database) ? ['database'] : [], degraded: failed(redis) ? ['redis'] : [] };
}

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/health',
    summary: 'Liveness and database reachability',
    tag: 'health',
    access: 'public',
    responses: { 200: { description: 'The server and its database answer', schema: z.object({ status: z.literal('ok') }) } },
    handler: async ({ ctx }) => {
      await ctx.sequelize.query('SELECT 1');
      return { body: { status: 'ok' } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/health/ready',
    summary: 'Readiness: the database answers in time; Redis (when REDIS_URL is set) is reported',
    tag: 'health',
    access: 'public',
    responses: {
      200: { description: 'Ready to serve (`status: degraded` with `degraded: ["redis"]` while Redis is down)', schema: readySchema },
      503: { description: 'The database is down (`failing` names it), or the node is shutting down (`status: shutting_down`)', schema: readySchema },
    },
    handler: async ({ ctx, res }) => {
      res.setHeader('Cache-Control', 'no-store');
      // ── scale-out (issue #9) ── a draining node asks the load balancer for no new work at once.
      if (ctx.lifecycle?.shuttingDown) {
        return { status: 503, body: { status: 'shutting_down' as const, checks: { database: { skipped: true as const }, redis: { skipped: true as const } }, failing: ['shutting_down'] } };
      }
      const { checks, failing, degraded } = await readiness(ctx);
      if (failing.length) {
        ctx.logger.warn('not ready', { failing, checks });
        return { status: 503, body: { status: 'unavailable' as const, checks, failing } };
      }
      if (degraded.length) {
        ctx.logger.warn('ready, degraded', { degraded, checks });
        return { body: { status: 'degraded' as const, checks, degraded } };
      }
      return { body: { status: 'ready' as const, checks } };
    },
  }),
];
