/**
 * A lease in the database so that one node at a time runs a periodic job. A node holds the lease
 * until it expires; it renews it on every run; another node takes it over once it has expired.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Op, UniqueConstraintError } from 'sequelize';
import type { AppContext } from '../context';
import { JobLock } from '../models/JobLock';

export const nodeId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** True when this node holds (or has just taken) the lease on `name` for the next `ttlMs`. */
export async function acquireLease(ctx: AppContext, name: string, ttlMs: number, owner = nodeId): Promise<boolean> {
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ttlMs);
  const [renewed] = await JobLock.update({ owner, expiresAt }, { where: { name, [Op.or]: [{ owner }, { expiresAt: { [Op.lte]: now } }] } });
  if (renewed === 1) return true;
  try {
    await JobLock.create({ name, owner, expiresAt });
    return true;
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
    // MySQL counts an UPDATE that writes the same values as 0 rows (a renewal within the same
    // second of DATETIME precision): the lease is still ours if the row says so.
    const held = await JobLock.findByPk(name);
    return held?.owner === owner && held.expiresAt.getTime() > now.getTime();
  }
}
