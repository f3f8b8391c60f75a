import { z } from 'zod';
import { defineRoute } from '../http/route';

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
];
