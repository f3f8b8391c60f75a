/**
 * Every customer as CSV, streamed a page at a time so the whole list is never in memory. The
 * columns are ones the importer reads back (email, phone, name …) plus id, segment and createdAt;
 * restricted fields are never read, let alone written. Cells that a spreadsheet would run as a
 * formula get a leading `'` (the importer strips it again).
 */
import type { Writable } from 'node:stream';
import { Op } from 'sequelize';
import { Customer } from '../models/Customer';
import { Identity } from '../models/Identity';

const PAGE = 1000;
const header = ['id', 'name', 'email', 'phone', 'organisation', 'locale', 'tags', 'notes', 'segment', 'createdAt'];

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the CSV (UTF-8 with a BOM, so Excel shows Chinese right) to `out`; returns the number of customers. */
export async function writeCustomersCsv(out: Writable): Promise<number> {
  const write = async (text: string) => {
    if (out.write(text) || out.destroyed) return;
    // Wait for the client to take what was sent; a client that hung up closes instead of draining.
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.once('drain', done);
      out.once('close', done);
    });
  };
  await write(`\uFEFF${header.join(',')}\r\n`);
  let lastId = 0;
  let count = 0;
  for (;;) {
    if (out.destroyed) break; // the client went away
    const page = await Customer.findAll({
      where: { mergedIntoId: null, id: { [Op.gt]: lastId } },
      // Named columns only: the restricted column stays out even if the default scope changed.
      attributes: ['id', 'name', 'organisation', 'locale', 'notes', 'tags', 'segment', 'createdAt'],
      order: [['id', 'ASC']],
      limit: PAGE,
    });
    if (!page.length) break;
    const identities = await Identity.findAll({ where: { customerId: page.map((c) => c.id), kind: ['email', 'phone'] }, attributes: ['customerId', 'kind', 'value'], order: [['id', 'ASC']], raw: true });
    const byCustomer = new Map<number, Array<{ kind: string; value: string }>>();
    for (const identity of identities) byCustomer.set(identity.customerId, [...(byCustomer.get(identity.customerId) ?? []), identity]);
    const lines = page.map((customer) => {
      const own = byCustomer.get(customer.id) ?? [];
      const values = (kind: string) => own.filter((i) => i.kind === kind).map((i) => i.value).join('; ');
      return [customer.id, customer.name, values('email'), values('phone'), customer.organisation, customer.locale, customer.tags.join(', '), customer.notes, customer.segment, customer.createdAt.toISOString()].map(csvCell).join(',');
    });
    await write(`${lines.join('\r\n')}\r\n`);
    count += page.length;
    lastId = page[page.length - 1].id;
  }
  return count;
}
