/** Logins, sessions and the first admin. */
import { randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import { decoyPasswordHash, verifyPassword } from '../auth/passwords';
import { hashToken, newToken } from '../auth/tokens';
import type { AppContext } from '../context';
import { AppError } from '../http/errors';
import { Agent } from '../models/Agent';
import { AgentGroup } from '../models/AgentGroup';
import { Session } from '../models/Session';
import type { Actor } from '../policies/actor';
import { normalizeEmail } from '../util/normalize';
import { createAgent } from './agentService';

export interface LoginResult {
  token: string;
  agent: Agent;
  expiresAt: Date;
}

export async function login(
  ctx: AppContext,
  credentials: { email: string; password: string },
  client: { ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const agent = await Agent.findOne({ where: { email: normalizeEmail(credentials.email) } });
  // Verify against a decoy when there is no such agent, so timing doesn't reveal which emails exist.
  const valid = await verifyPassword(credentials.password, agent?.passwordHash ?? (await decoyPasswordHash()));
  if (!agent || !valid || !agent.active) throw new AppError(401, 'invalid_credentials', 'Wrong email or password');
  const token = newToken();
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
  await ctx.transactions.run((transaction) =>
    Session.create(
      { agentId: agent.id, tokenHash: hashToken(token), expiresAt, ip: client.ip, userAgent: client.userAgent?.slice(0, 500) ?? null },
      { transaction },
    ),
  );
  return { token, agent, expiresAt };
}

/** The agent a bearer token or session cookie belongs to, or null when it is unknown, expired or disabled. */
export async function authenticate(ctx: AppContext, token: string): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  // Looking up the token's hash (not the token) means no secret is ever compared character by character.
  const session = await Session.findOne({ where: { tokenHash: hashToken(token), expiresAt: { [Op.gt]: ctx.now() } } });
  if (!session) return null;
  const agent = await Agent.findByPk(session.agentId);
  if (!agent || !agent.active) return null;
  const memberships = await AgentGroup.findAll({ where: { agentId: agent.id }, attributes: ['groupId'] });
  return { agent, groupIds: memberships.map((m) => m.groupId) };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.transactions.run((transaction) => Session.destroy({ where: { tokenHash: hashToken(token) }, transaction }));
}

/**
 * Creates the first admin when no agent exists yet. Without ADMIN_PASSWORD a random one is made
 * and printed once, so a fresh install is usable and never has a known default password.
 */
export async function ensureFirstAdmin(ctx: AppContext): Promise<void> {
  if ((await Agent.count()) > 0) return;
  const password = ctx.config.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
  await createAgent(ctx, null, { name: 'Administrator', email: ctx.config.ADMIN_EMAIL, password, role: 'admin' });
  if (ctx.config.ADMIN_PASSWORD) {
    ctx.logger.info('first admin created', { email: ctx.config.ADMIN_EMAIL });
  } else {
    ctx.logger.warn('first admin created with a generated password: log in and change it', { email: ctx.config.ADMIN_EMAIL, password });
  }
}
