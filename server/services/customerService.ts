/** Customers and the identities that recognise them. */
import type { Transaction } from 'sequelize';
import { Customer } from '../models/Customer';
import { Identity } from '../models/Identity';
import { normalizeEmail } from '../util/normalize';

/**
 * The customer who owns this email address, created with the address as a verified identity the
 * first time. The unique (kind, value) index makes a concurrent duplicate fail, not fork a customer.
 */
export async function findOrCreateCustomerByEmail(
  transaction: Transaction,
  email: string,
  name: string | null,
): Promise<Customer> {
  const value = normalizeEmail(email);
  const identity = await Identity.findOne({ where: { kind: 'email', value }, transaction });
  if (identity) {
    const customer = await Customer.findByPk(identity.customerId, { transaction, rejectOnEmpty: true });
    if (!customer.name && name) await customer.update({ name }, { transaction });
    return customer;
  }
  const customer = await Customer.create({ name: name?.trim() || null }, { transaction });
  await Identity.create({ customerId: customer.id, kind: 'email', value, verified: true }, { transaction });
  return customer;
}

/** Email addresses per customer, first-registered first, for presenters. */
export async function emailsByCustomer(customerIds: number[]): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (!customerIds.length) return result;
  const identities = await Identity.findAll({
    where: { kind: 'email', customerId: [...new Set(customerIds)] },
    order: [['id', 'ASC']],
  });
  for (const identity of identities) {
    const list = result.get(identity.customerId) ?? [];
    list.push(identity.value);
    result.set(identity.customerId, list);
  }
  return result;
}
