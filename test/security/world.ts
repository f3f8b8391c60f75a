/**
 * Real objects for the authorisation matrix to point its path parameters at, so every handler
 * really runs: a 404 for a missing object would hide a missing access check. Objects a call
 * consumes (deletes, merges, logouts) are made fresh for each call.
 */
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { unsubscribeToken } from '../../server/care/unsubscribeToken';
import { Alert } from '../../server/models/Alert';
import { Ticket } from '../../server/models/Ticket';
import { sendSurveyOnSolve } from '../../server/surveys/surveyService';
import { buildMail } from '../helpers/mail';
import type { TestServer } from '../helpers/server';
import { startWebhookSink, type WebhookSink } from '../helpers/webhookSink';
import { credentialsFor, unique, type Credentials } from './credentials';

export interface World {
  server: TestServer;
  credentials: Credentials;
  admin: string;
  ticketId: number;
  messageId: number;
  customerId: number;
  attachmentId: number;
  emailMessageId: number;
  alertId: number;
  groupId: number;
  templateId: number;
  publicArticle: { id: number; slug: string };
  internalArticle: { id: number; slug: string };
  importJobId: string;
  mailboxId: number;
  quarantineId: number;
  webhookId: number;
  deliveryId: number;
  campaignId: number;
  surveyToken: string;
  unsubscribeToken: string;
  sink: WebhookSink;
  /** Fresh objects for calls that use one up. */
  fresh: {
    ticket(): Promise<{ id: number; customerId: number }>;
    group(): Promise<number>;
    template(): Promise<number>;
    article(): Promise<number>;
    mailbox(): Promise<number>;
    webhook(): Promise<number>;
    campaign(): Promise<number>;
    customerMerge(): Promise<number>;
    session(email: string, password: string): Promise<string>;
  };
}

type Json = Record<string, unknown>;

export async function buildWorld(server: TestServer): Promise<World> {
  const credentials = await credentialsFor(server);
  const admin = credentials.tokens.admin;
  const ctx = server.server.ctx;
  const call = async <T = Json>(method: string, path: string, body?: unknown, expected = [200, 201, 202]): Promise<T> => {
    const response = await server.request<T>(method, path, { token: admin, body });
    if (!expected.includes(response.status)) throw new Error(`setup ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  const ticket = async () => {
    const created = await call<{ id: number; customerId: number; messages: Array<{ id: number }> }>('POST', '/api/tickets', {
      subject: `Parcel ${unique()} is late`,
      body: 'My parcel has not arrived yet.',
      customer: { email: `customer-${unique()}@example.test`, name: 'Matrix Customer' },
    });
    return { id: created.id, customerId: created.customerId, messageId: created.messages[0].id };
  };
  const group = async () => (await call<{ id: number }>('POST', '/api/groups', { name: `Group ${unique()}` })).id;
  const template = async () => (await call<{ id: number }>('POST', '/api/templates', { title: `Template ${unique()}`, body: 'Hello {{customer.name}}', locale: 'en' })).id;
  const article = async (visibility = 'public') =>
    call<{ id: number; slug: string }>('POST', '/api/kb/articles', { title: `Returns ${unique()}`, body: 'How to return an item.', category: 'orders', visibility, locale: 'en' });
  // Port 9 (discard) on loopback is closed: connection tests fail fast, and nothing is polled.
  const mailbox = async () => (await call<{ id: number }>('POST', '/api/mailboxes', { name: `Box ${unique()}`, host: '127.0.0.1', port: 9, secure: false, username: `u-${unique()}`, password: 'p', active: false })).id;
  const sink = await startWebhookSink();
  const webhook = async () => (await call<{ id: number }>('POST', '/api/webhooks', { url: sink.url, events: ['ticket.created'] })).id;
  const templateId = await template();
  const campaign = async () => (await call<{ id: number }>('POST', '/api/care/campaigns', { name: `Care ${unique()}`, audience: 'birthday', templateId, subject: 'Happy birthday', sendTime: '09:00', active: false })).id;
  const customerMerge = async () => {
    const [a, b] = [await ticket(), await ticket()];
    return (await call<{ mergeId: number }>('POST', `/api/customers/${a.customerId}/merge`, { otherId: b.customerId })).mergeId;
  };

  const main = await ticket();
  const upload = await server.request<{ id: number }>('POST', '/api/attachments?filename=invoice.pdf', { token: admin, body: '%PDF-1.4 test', headers: { 'content-type': 'application/pdf' } });
  await call('POST', `/api/tickets/${main.id}/messages`, { body: 'Here is the invoice', attachmentIds: [upload.body.id] }, [201]);

  const threadSecret = ctx.channels.email?.threadSecret as string;
  const mailed = await ingestRawMail(ctx, null, await buildMail({ from: `mailer-${unique()}@customer.test`, text: 'Where is my order?' }), { threadSecret });
  const quarantined = await ingestRawMail(ctx, null, Buffer.from('\u0000\u0001 not a mail'), { threadSecret });
  if (mailed.outcome !== 'created' || quarantined.outcome !== 'quarantined') throw new Error('setup: mail ingestion');

  const ticketRow = await Ticket.findByPk(main.id, { rejectOnEmpty: true });
  const alert = await Alert.create({ ticketId: main.id, waitSeq: ticketRow.waitSeq, kind: 'overdue', raisedAt: ctx.now(), dueAt: ctx.now(), assigneeId: null, groupId: null });

  // A survey round on a ticket of its own, solved without going through events.
  const surveyed = await ticket();
  await Ticket.update({ status: 'solved' }, { where: { id: surveyed.id } });
  const survey = await sendSurveyOnSolve(ctx, surveyed.id);
  if (!survey) throw new Error('setup: no survey');

  const csv = Buffer.from(`email,name\nimported-${unique()}@example.test,Imported Person\n`);
  const importResponse = await fetch(`${server.url}/api/imports/customers?filename=people.csv`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: csv });
  const importJob = (await importResponse.json()) as { jobId: string };

  const webhookId = await webhook();
  const delivery = await call<{ id: number }>('POST', `/api/webhooks/${webhookId}/test`);

  return {
    server,
    credentials,
    admin,
    ticketId: main.id,
    messageId: main.messageId,
    customerId: main.customerId,
    attachmentId: upload.body.id,
    emailMessageId: mailed.messageId as number,
    alertId: alert.id,
    groupId: await group(),
    templateId,
    publicArticle: await article('public'),
    internalArticle: await article('internal'),
    importJobId: importJob.jobId,
    mailboxId: await mailbox(),
    quarantineId: quarantined.quarantineId,
    webhookId,
    deliveryId: delivery.id,
    campaignId: await campaign(),
    surveyToken: survey.token,
    unsubscribeToken: await unsubscribeToken(ctx, main.customerId),
    sink,
    fresh: {
      ticket: async () => ticket(),
      group,
      template,
      article: async () => (await article()).id,
      mailbox,
      webhook,
      campaign,
      customerMerge,
      session: (email, password) => server.login(email, password),
    },
  };
}
