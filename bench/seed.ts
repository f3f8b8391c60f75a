/**
 * Fills a database with many tickets quickly, through bulk inserts (the API path is measured
 * separately): customers with email identities, tickets spread over statuses, channels,
 * assignees and a year of activity, one message each.
 */
import type { Sequelize } from 'sequelize';

const statuses = ['open', 'open', 'pending', 'solved', 'closed'];
const channels = ['email', 'chat', 'web'];
const priorities = ['low', 'normal', 'normal', 'high', 'urgent'];

export async function seedTickets(sequelize: Sequelize, ticketCount: number, agentIds: number[]): Promise<void> {
  const q = sequelize.getQueryInterface();
  const customerCount = Math.max(1, Math.floor(ticketCount / 20));
  const now = Date.now();
  const batch = 2000;
  const firstCustomerId = ((await sequelize.query('SELECT MAX(id) AS m FROM customers', { plain: true })) as { m: number | null }).m ?? 0;
  for (let start = 0; start < customerCount; start += batch) {
    const customers = [];
    const identities = [];
    for (let i = start; i < Math.min(customerCount, start + batch); i += 1) {
      const at = new Date(now - i * 1000);
      customers.push({ id: firstCustomerId + i + 1, name: `Customer ${i}`, tags: '[]', customFields: '{}', createdAt: at, updatedAt: at });
      identities.push({ customerId: firstCustomerId + i + 1, kind: 'email', value: `bench-${firstCustomerId + i}@example.test`, verified: true, createdAt: at, updatedAt: at });
    }
    await q.bulkInsert('customers', customers);
    await q.bulkInsert('identities', identities);
  }
  const firstTicketId = ((await sequelize.query('SELECT MAX(id) AS m FROM tickets', { plain: true })) as { m: number | null }).m ?? 0;
  const yearMs = 365 * 24 * 3_600_000;
  for (let start = 0; start < ticketCount; start += batch) {
    const tickets = [];
    const messages = [];
    for (let i = start; i < Math.min(ticketCount, start + batch); i += 1) {
      const id = firstTicketId + i + 1;
      const lastActivityAt = new Date(now - Math.floor(((i * 7919) % ticketCount) / ticketCount * yearMs));
      const status = statuses[i % statuses.length];
      const waiting = status === 'open' && i % 3 === 0;
      tickets.push({
        id,
        number: id + 10000,
        subject: `Question ${i} about order ${100000 + i}`,
        status,
        priority: priorities[i % priorities.length],
        channel: channels[i % channels.length],
        customerId: firstCustomerId + (i % customerCount) + 1,
        assigneeId: i % 4 === 0 ? null : agentIds[i % agentIds.length],
        groupId: null,
        tags: i % 10 === 0 ? '["vip"]' : '[]',
        waitingSince: waiting ? lastActivityAt : null,
        alertDueAt: waiting ? new Date(lastActivityAt.getTime() + 12 * 3_600_000) : null,
        lastActivityAt,
        createdAt: lastActivityAt,
        updatedAt: lastActivityAt,
      });
      messages.push({
        ticketId: id,
        direction: 'inbound',
        channel: channels[i % channels.length],
        authorType: 'customer',
        authorId: firstCustomerId + (i % customerCount) + 1,
        body: `Hello, where is my order ${100000 + i}?`,
        internal: false,
        createdAt: lastActivityAt,
        updatedAt: lastActivityAt,
      });
    }
    await q.bulkInsert('tickets', tickets);
    await q.bulkInsert('messages', messages);
  }
  if (sequelize.getDialect() === 'sqlite') await sequelize.query('ANALYZE');
  else await sequelize.query('ANALYZE TABLE tickets, messages, customers, identities');
}
