/** Server-wide settings kept in the database, so every node and every restart sees the same value. */
import { randomBytes } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { AppContext } from '../context';
import { Setting } from '../models/Setting';

/** The value of `key`, created with `generate()` the first time; two nodes racing agree on one value. */
export async function getOrCreateSetting(ctx: AppContext, key: string, generate: () => string): Promise<string> {
  const existing = await Setting.findByPk(key);
  if (existing) return existing.value;
  try {
    await ctx.transactions.run((transaction) => Setting.create({ key, value: generate() }, { transaction }));
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
  }
  return (await Setting.findByPk(key, { rejectOnEmpty: true })).value;
}

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
