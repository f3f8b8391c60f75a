/**
 * Writes validated customer rows, a chunk at a time inside the caller's transaction: a row whose
 * email (or phone) is known fills that customer's empty fields and adds tags; any other row
 * creates a customer. New customers and identities go in with one bulk insert per chunk.
 */
import type { Transaction } from 'sequelize';
import { Customer } from '../models/Customer';
import { chunks, CustomerMatcher, fillFields, ownerId, type CustomerFields, type Owner } from './customerMatcher';
import type { CustomerRow } from './importRows';

export interface WriteCounts {
  imported: number;
  updated: number;
  unchanged: number;
}

const fieldsOf = (row: CustomerRow): CustomerFields => ({ name: row.name, organisation: row.organisation, locale: row.locale, notes: row.notes, tags: row.tags });

export async function writeCustomerRows(transaction: Transaction, rows: CustomerRow[], now: Date, progress: (done: number) => void): Promise<WriteCounts> {
  const matcher = new CustomerMatcher(transaction);
  const counts: WriteCounts = { imported: 0, updated: 0, unchanged: 0 };
  let done = 0;
  for (const chunk of chunks(rows)) {
    await matcher.preload(chunk);
    // First who each row means (a row may find a customer an earlier row of this chunk creates) ...
    const matched: Array<{ row: CustomerRow; owner: Owner; claimed: number }> = [];
    for (const row of chunk) {
      const owner = matcher.find(row);
      if (owner === undefined) {
        matcher.create(fieldsOf(row), row);
        counts.imported += 1;
      } else {
        matched.push({ row, owner, claimed: matcher.claim(owner, row) });
      }
    }
    // ... then fill in the customers that already exist, and those this chunk creates, in row order.
    const existingIds = [...new Set(matched.map(({ owner }) => ownerId(owner)).filter((id): id is number => id !== null))];
    const loaded = existingIds.length ? await Customer.findAll({ where: { id: existingIds }, attributes: ['id', 'name', 'organisation', 'locale', 'notes', 'tags'], transaction }) : [];
    const current = new Map<number, CustomerFields>(loaded.map((c) => [c.id, { name: c.name, organisation: c.organisation, locale: c.locale, notes: c.notes, tags: c.tags }]));
    const changedIds = new Set<number>();
    for (const { row, owner, claimed } of matched) {
      const id = ownerId(owner);
      const target = id === null ? (owner as { fields: CustomerFields }).fields : current.get(id);
      const changed = target ? fillFields(target, fieldsOf(row)) : false;
      if (changed && id !== null) changedIds.add(id);
      if (changed || claimed > 0) counts.updated += 1;
      else counts.unchanged += 1;
    }
    await matcher.flush(now);
    for (const id of changedIds) await Customer.update({ ...(current.get(id) as CustomerFields), updatedAt: now }, { where: { id }, transaction });
    done += chunk.length;
    progress(done);
  }
  return counts;
}
