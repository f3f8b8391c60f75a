/**
 * Purchase rows: first every row is given its customer (by email, then phone; with createMissing
 * an unknown one is created), so an all-or-nothing import can refuse the file before writing;
 * then purchases are written a chunk at a time. An order reference already stored for that
 * customer is the same purchase: updated when the file says otherwise, never added twice.
 */
import { Op, type Transaction } from 'sequelize';
import { Purchase } from '../models/Purchase';
import { chunks, CustomerMatcher, ownerId, type Owner } from './customerMatcher';
import type { PurchaseRow, Rejection } from './importRows';
import type { WriteCounts } from './writeCustomerRows';

export interface ResolvedPurchase {
  row: PurchaseRow;
  owner: Owner;
}

export async function resolvePurchaseCustomers(matcher: CustomerMatcher, rows: PurchaseRow[], createMissing: boolean): Promise<{ resolved: ResolvedPurchase[]; rejected: Rejection[]; created: number }> {
  const resolved: ResolvedPurchase[] = [];
  const rejected: Rejection[] = [];
  let created = 0;
  for (const chunk of chunks(rows)) {
    await matcher.preload(chunk);
    for (const row of chunk) {
      let owner = matcher.find(row);
      if (owner === undefined && createMissing) {
        owner = matcher.create({ name: null, organisation: null, locale: null, notes: null, tags: [] }, row);
        created += 1;
      }
      if (owner === undefined) rejected.push({ row: row.row, reason: `no customer with ${[...row.emails, ...row.phones].join(' or ')} (import the customers first, or use createMissing)` });
      else resolved.push({ row, owner });
    }
  }
  return { resolved, rejected, created };
}

const sameValues = (stored: Purchase, row: PurchaseRow) =>
  stored.amount === row.amount && stored.product === row.product && stored.currency === row.currency && stored.purchasedAt.getTime() === row.purchasedAt.getTime();

export async function writePurchaseRows(transaction: Transaction, purchases: ResolvedPurchase[], now: Date, progress: (done: number) => void): Promise<WriteCounts> {
  const counts: WriteCounts = { imported: 0, updated: 0, unchanged: 0 };
  let done = 0;
  for (const chunk of chunks(purchases)) {
    const withRef = chunk.filter(({ row }) => row.orderRef);
    const stored = new Map<string, Purchase>();
    if (withRef.length) {
      // One query per chunk; the (customerId, orderRef) pairs are then matched exactly here.
      const found = await Purchase.findAll({
        where: { customerId: { [Op.in]: [...new Set(withRef.map(({ owner }) => ownerId(owner) as number))] }, orderRef: { [Op.in]: [...new Set(withRef.map(({ row }) => row.orderRef as string))] } },
        transaction,
      });
      for (const purchase of found) stored.set(`${purchase.customerId}:${purchase.orderRef}`, purchase);
    }
    const fresh = new Map<string, Record<string, unknown>>();
    const unreferenced: Array<Record<string, unknown>> = [];
    for (const { row, owner } of chunk) {
      const customerId = ownerId(owner) as number;
      const values = { customerId, orderRef: row.orderRef, product: row.product, amount: row.amount, currency: row.currency, purchasedAt: row.purchasedAt };
      const key = `${customerId}:${row.orderRef}`;
      const existing = row.orderRef ? stored.get(key) : undefined;
      if (existing) {
        if (sameValues(existing, row)) counts.unchanged += 1;
        else {
          await existing.update({ product: row.product, amount: row.amount, currency: row.currency, purchasedAt: row.purchasedAt, updatedAt: now }, { transaction });
          counts.updated += 1;
        }
      } else if (row.orderRef && fresh.has(key)) {
        fresh.set(key, { ...values, createdAt: now, updatedAt: now }); // the same order twice in the file: the later row wins
        counts.updated += 1;
      } else {
        if (row.orderRef) fresh.set(key, { ...values, createdAt: now, updatedAt: now });
        else unreferenced.push({ ...values, createdAt: now, updatedAt: now });
        counts.imported += 1;
      }
    }
    const inserts = [...fresh.values(), ...unreferenced];
    if (inserts.length) await Purchase.bulkCreate(inserts as never[], { transaction });
    done += chunk.length;
    progress(done);
  }
  return counts;
}
