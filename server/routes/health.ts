/**
 * Liveness (`/health`, as the contract has it) and readiness (`/health/ready`): a load balancer
 * sends traffic only to a node whose database (and Redis, when configured) answer in time.
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
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ database: checkSchema, redis: checkSchema }),
  failing: z.array(z.string()).optional().describe('the checks that failed (503 only)'),
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
  const failing = Object.entries(checks)
    .filter(([, check]) => 'ok' in check && !check.ok)
    .map(([name]) => name);
  return { checks, failing };
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
    summary: 'Readiness: the database and (when REDIS_URL is set) Redis answer in time',
    tag: 'health',
    access: 'public',
    responses: {
      200: { description: 'Ready to serve', schema: readySchema },
      503: { description: 'A dependency is down; `failing` names it', schema: readySchema },
    },
    handler: async ({ ctx, res }) => {
      const { checks, failing } = await readiness(ctx);
      res.setHeader('Cache-Control', 'no-store');
      if (failing.length) {
        ctx.logger.warn('not ready', { failing, checks });
        return { status: 503, body: { status: 'unavailable', checks, failing } };
      }
      return { body: { status: 'ready', checks } };
    },
  }),
];
