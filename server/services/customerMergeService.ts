/**
 * Folding one customer into another (the same person wrote from two addresses) and undoing a
 * wrong merge. Identities, tickets and purchases move to the survivor (a purchase of an order the
 * survivor already has stays: it is the same order imported twice); the merge row records exactly what
 * moved, so an undo moves exactly that back. Both are audited on both customers.
 */
import { Op } from 'sequelize';
import type { AppContext } from '../context';
import { badRequest, conflict, notFound } from '../http/errors';
import { Customer } from '../models/Customer';
import { CustomerMerge } from '../models/CustomerMerge';
import { Identity } from '../models/Identity';
import { Purchase } from '../models/Purchase';
import { Ticket } from '../models/Ticket';
import type { Actor } from '../policies/actor';
import { assertCan } from '../policies/permissions';
import { recordAudits } from './auditService';

export async function mergeCustomers(ctx: AppContext, actor: Actor, survivorId: number, otherId: number): Promise<{ survivor: Customer; merge: CustomerMerge }> {
  if (survivorId === otherId) throw badRequest('A customer cannot be merged into itself');
  await assertCan(actor, 'customers.merge');
  return ctx.transactions.run(async (transaction) => {
    const [survivor, other] = await Promise.all([Customer.findByPk(survivorId, { transaction }), Customer.findByPk(otherId, { transaction })]);
    if (!survivor || !other) throw notFound('Customer');
    if (survivor.mergedIntoId || other.mergedIntoId) throw conflict('One of these customers was already merged into another');
    const [identities, tickets, purchases, survivorOrders] = await Promise.all([
      Identity.findAll({ where: { customerId: otherId }, attributes: ['id'], transaction }),
      Ticket.findAll({ where: { customerId: otherId }, attributes: ['id'], transaction }),
      Purchase.findAll({ where: { customerId: otherId }, attributes: ['id', 'orderRef'], transaction }),
      Purchase.findAll({ where: { customerId: survivorId, orderRef: { [Op.ne]: null } }, attributes: ['orderRef'], transaction }),
    ]);
    const knownOrders = new Set(survivorOrders.map((p) => p.orderRef));
    const moved = {
      identityIds: identities.map((i) => i.id),
      ticketIds: tickets.map((t) => t.id),
      purchaseIds: purchases.filter((p) => p.orderRef === null || !knownOrders.has(p.orderRef)).map((p) => p.id),
    };
    if (moved.identityIds.length) await Identity.update({ customerId: survivorId }, { where: { id: moved.identityIds }, transaction });
    if (moved.ticketIds.length) await Ticket.update({ customerId: survivorId }, { where: { id: moved.ticketIds }, transaction });
    if (moved.purchaseIds.length) await Purchase.update({ customerId: survivorId }, { where: { id: moved.purchaseIds }, transaction });
    await survivor.update({ name: survivor.name ?? other.name, organisation: survivor.organisation ?? other.organisation, locale: survivor.locale ?? other.locale, tags: [...new Set([...survivor.tags, ...other.tags])] }, { transaction });
    await other.update({ mergedIntoId: survivorId }, { transaction });
    const merge = await CustomerMerge.create({ survivorId, mergedId: otherId, moved, actorId: actor.agent.id }, { transaction });
    const changes = { mergeId: merge.id, survivorId, mergedId: otherId, ...moved };
    await recordAudits(transaction, [
      { actor, action: 'customer.merged', entityType: 'customer', entityId: survivorId, changes },
      { actor, action: 'customer.merged-away', entityType: 'customer', entityId: otherId, changes },
    ]);
    for (const ticketId of moved.ticketIds) ctx.events.publishAfterCommit(transaction, 'ticket.updated', { ticketId, actorId: actor.agent.id, changed: ['customerId'] });
    return { survivor, merge };
  });
}

export async function undoMerge(ctx: AppContext, actor: Actor, mergeId: number): Promise<{ survivor: Customer; restored: Customer }> {
  await assertCan(actor, 'customers.merge');
  return ctx.transactions.run(async (transaction) => {
    const merge = await CustomerMerge.findByPk(mergeId, { transaction });
    if (!merge) throw notFound('Merge');
    if (merge.undoneAt) throw conflict('This merge was already undone');
    const { identityIds, ticketIds, purchaseIds = [] } = merge.moved;
    // Only what still sits with the survivor goes back (a ticket moved on since stays where it is).
    if (identityIds.length) await Identity.update({ customerId: merge.mergedId }, { where: { id: identityIds, customerId: merge.survivorId }, transaction });
    if (ticketIds.length) await Ticket.update({ customerId: merge.mergedId }, { where: { id: { [Op.in]: ticketIds }, customerId: merge.survivorId }, transaction });
    if (purchaseIds.length) await Purchase.update({ customerId: merge.mergedId }, { where: { id: purchaseIds, customerId: merge.survivorId }, transaction });
    await Customer.update({ mergedIntoId: null }, { where: { id: merge.mergedId }, transaction });
    await merge.update({ undoneAt: ctx.now() }, { transaction });
    await recordAudits(
      transaction,
      [merge.survivorId, merge.mergedId].map((entityId) => ({ actor, action: 'customer.merge-undone', entityType: 'customer', entityId, changes: { mergeId, ...merge.moved } })),
    );
    for (const ticketId of ticketIds) ctx.events.publishAfterCommit(transaction, 'ticket.updated', { ticketId, actorId: actor.agent.id, changed: ['customerId'] });
    const [survivor, restored] = await Promise.all([Customer.findByPk(merge.survivorId, { transaction }), Customer.findByPk(merge.mergedId, { transaction })]);
    return { survivor: survivor as Customer, restored: restored as Customer };
  });
}
