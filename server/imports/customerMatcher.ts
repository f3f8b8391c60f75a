/**
 * Finds the customer a row means by its email addresses (first) or phones, the way identities are
 * stored, and collects the customers and identities a file adds so they are written in bulk. Rows
 * later in the file find customers that earlier rows created, so a file never forks one person.
 */
import type { Transaction } from 'sequelize';
import { Customer } from '../models/Customer';
import { Identity } from '../models/Identity';

export const CHUNK_ROWS = 1000;

export interface CustomerFields {
  name: string | null;
  organisation: string | null;
  locale: string | null;
  notes: string | null;
  tags: string[];
}

/** A customer this file creates: `id` is set once it is written. */
export interface Draft {
  id: number | null;
  fields: CustomerFields;
}

/** An existing customer's id, or a customer this file creates. */
export type Owner = number | Draft;

export interface Identified {
  emails: string[];
  phones: string[];
}

export const ownerId = (owner: Owner): number | null => (typeof owner === 'number' ? owner : owner.id);

export function chunks<T>(items: T[], size = CHUNK_ROWS): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Fills fields the customer does not have yet and adds tags; never overwrites what an agent typed. True when anything changed. */
export function fillFields(target: CustomerFields, source: Partial<CustomerFields>): boolean {
  let changed = false;
  for (const field of ['name', 'organisation', 'locale', 'notes'] as const) {
    if (!target[field] && source[field]) {
      target[field] = source[field] as string;
      changed = true;
    }
  }
  const tags = [...new Set([...target.tags, ...(source.tags ?? [])])];
  if (tags.length !== target.tags.length) {
    target.tags = tags;
    changed = true;
  }
  return changed;
}

export class CustomerMatcher {
  private readonly owners = new Map<string, Owner>();
  private drafts: Draft[] = [];
  private identities: Array<{ owner: Owner; kind: 'email' | 'phone'; value: string }> = [];

  constructor(private readonly transaction: Transaction) {}

  /** Loads who owns the identities of these rows (those not seen yet), a few queries per chunk. */
  async preload(rows: Identified[]): Promise<void> {
    for (const kind of ['email', 'phone'] as const) {
      const values = [...new Set(rows.flatMap((row) => (kind === 'email' ? row.emails : row.phones)))].filter((value) => !this.owners.has(`${kind}:${value}`));
      for (const slice of chunks(values)) {
        const found = await Identity.findAll({ where: { kind, value: slice }, attributes: ['customerId', 'kind', 'value'], raw: true, transaction: this.transaction });
        for (const identity of found) this.owners.set(`${kind}:${identity.value}`, identity.customerId);
      }
    }
  }

  /** The customer of the first email that has one, else of the first phone that has one. */
  find(row: Identified): Owner | undefined {
    for (const email of row.emails) {
      const owner = this.owners.get(`email:${email}`);
      if (owner !== undefined) return owner;
    }
    for (const phone of row.phones) {
      const owner = this.owners.get(`phone:${phone}`);
      if (owner !== undefined) return owner;
    }
    return undefined;
  }

  /** A new customer owning the row's identities. */
  create(fields: CustomerFields, row: Identified): Draft {
    const draft: Draft = { id: null, fields };
    this.drafts.push(draft);
    this.claim(draft, row);
    return draft;
  }

  /**
   * Gives the owner the row's identities that nobody has yet; an address already another
   * customer's stays theirs (the unique index would refuse it, and a merge is an agent's call).
   */
  claim(owner: Owner, row: Identified): number {
    let claimed = 0;
    for (const [kind, values] of [['email', row.emails], ['phone', row.phones]] as const) {
      for (const value of values) {
        const key = `${kind}:${value}`;
        if (this.owners.has(key)) continue;
        this.owners.set(key, owner);
        this.identities.push({ owner, kind, value });
        claimed += 1;
      }
    }
    return claimed;
  }

  /** Writes the customers and identities collected since the last flush. */
  async flush(now: Date): Promise<void> {
    const { transaction } = this;
    if (this.drafts.length) {
      const created = await Customer.bulkCreate(this.drafts.map((draft) => ({ ...draft.fields, createdAt: now, updatedAt: now })), { transaction });
      created.forEach((customer, i) => (this.drafts[i].id = customer.id));
    }
    if (this.identities.length) {
      const rows = this.identities.map(({ owner, kind, value }) => ({ customerId: ownerId(owner) as number, kind, value, verified: false, createdAt: now, updatedAt: now }));
      for (const slice of chunks(rows)) await Identity.bulkCreate(slice, { transaction });
    }
    this.drafts = [];
    this.identities = [];
  }
}
