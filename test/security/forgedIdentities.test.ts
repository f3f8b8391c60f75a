/**
 * Forged identities get nobody else's conversation. Already covered elsewhere, not repeated:
 * a wrong identifierHash or none leaves the visitor apart from the customer, a made-up token
 * gives a new visitor (test/server/chat.test.ts); a Message-ID with a wrong signature and a
 * stranger's [#number] open new tickets, and one mail fetched twice is stored once
 * (test/server/email/inbound.test.ts). Here the attacks around those rules: a signature moved to
 * another ticket, a valid hash for another email, another visitor's clientId, both mail forgeries
 * in one mail, and a replay of a stored Message-ID from someone else.
 */
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { ingestRawMail } from '../../server/channels/email/inbound/ingest';
import { makeMessageId } from '../../server/channels/email/messageIds';
import { Message } from '../../server/models/Message';
import { Ticket } from '../../server/models/Ticket';
import { describeEachDatabase } from '../helpers/databases';
import { buildMail, newMessageId, type TestMail } from '../helpers/mail';
import { startTestServer, type TestServer } from '../helpers/server';
import { nextEvent } from '../helpers/socket';

const SECRET = 'widget-secret-for-the-security-suite';
const hashFor = (email: string) => createHmac('sha256', SECRET).update(email).digest('hex');

interface Session {
  visitorToken: string;
  customerId: number;
  history: Array<{ id: number; body: string }>;
}
type Ack = { ok: boolean; id: number; ticketId: number };

describeEachDatabase('security: forged identities', (database) => {
  let server: TestServer;
  let admin: string;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer(database, { WIDGET_HMAC_SECRET: SECRET });
    admin = await server.login();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  after(async () => server?.close());

  const visitor = async (auth: Record<string, unknown> = {}) => {
    const socket = connect(`${server.url}/widget`, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return { socket, session: await nextEvent<Session>(socket, 'session') };
  };
  const send = (socket: Socket, text: string, clientId: string) => socket.timeout(5000).emitWithAck('message', { text, clientId }) as Promise<Ack>;
  const ingest = async (mail: TestMail) => {
    const ctx = server.server.ctx;
    const result = await ingestRawMail(ctx, null, await buildMail(mail), { threadSecret: ctx.channels.email?.threadSecret as string });
    if (result.outcome === 'quarantined') throw new Error(`quarantined: ${result.reason}`);
    return result;
  };

  describe('widget visitors', () => {
    it('a hash made for one email does not verify another, and a forger sees none of the customer’s chat', async () => {
      // The real customer chats, verified.
      const real = await visitor({ email: 'vip@customer.test', identifierHash: hashFor('vip@customer.test') });
      const realAck = await send(real.socket, 'My card number ends in 4242', 'vip-1');
      // The attacker has a valid hash for their own address only.
      const forger = await visitor({ email: 'vip@customer.test', identifierHash: hashFor('attacker@evil.test') });
      expect(forger.session.customerId).not.to.equal(real.session.customerId);
      expect(forger.session.history).to.deep.equal([]);
      const forgedAck = await send(forger.socket, 'Please read me my card number', 'forged-1');
      expect(forgedAck.ticketId).not.to.equal(realAck.ticketId);
      // The customer's history (what the agent trusts as this customer) holds only the real chat.
      const history = await server.request<{ data: Array<{ ticket?: { id: number } }> }>('GET', `/api/customers/${real.session.customerId}/history`, { token: admin });
      expect(history.body.data.map((entry) => entry.ticket?.id)).to.include(realAck.ticketId).and.not.to.include(forgedAck.ticketId);
    });

    it('a known visitor cannot be moved into another customer with a forged hash', async () => {
      const first = await visitor({ name: 'Anonymous Ann' });
      await send(first.socket, 'hello', 'ann-1');
      first.socket.disconnect();
      const again = await visitor({ visitorToken: first.session.visitorToken, email: 'vip@customer.test', identifierHash: 'ab'.repeat(32) });
      expect(again.session.customerId).to.equal(first.session.customerId);
    });

    it('another visitor’s clientId, agent token or replies give nothing of their conversation', async () => {
      const alice = await visitor();
      const aliceAck = await send(alice.socket, 'Alice’s private question', 'shared-client-id');
      const bob = await visitor();
      // The same clientId from someone else is a new message of theirs, not Alice's id and ticket.
      const bobAck = await send(bob.socket, 'Bob’s question', 'shared-client-id');
      expect(bobAck.id).not.to.equal(aliceAck.id);
      expect(bobAck.ticketId).not.to.equal(aliceAck.ticketId);
      // An agent's token is no visitor token: a new, empty visitor.
      const withAgentToken = await visitor({ visitorToken: admin });
      expect(withAgentToken.session.customerId).not.to.be.oneOf([alice.session.customerId, bob.session.customerId]);
      expect(withAgentToken.session.history).to.deep.equal([]);
      // A reply to Alice reaches Alice, not Bob.
      let bobGot = 0;
      bob.socket.on('message', () => (bobGot += 1));
      const toAlice = nextEvent<{ ticketId: number }>(alice.socket, 'message');
      await server.request('POST', `/api/tickets/${aliceAck.ticketId}/messages`, { token: admin, body: { body: 'Only for Alice' } });
      expect((await toAlice).ticketId).to.equal(aliceAck.ticketId);
      // Bob's own reply arrives after Alice's would have: by then he has seen nothing of hers.
      const toBob = nextEvent<{ ticketId: number }>(bob.socket, 'message');
      await server.request('POST', `/api/tickets/${bobAck.ticketId}/messages`, { token: admin, body: { body: 'For Bob' } });
      expect((await toBob).ticketId).to.equal(bobAck.ticketId);
      expect(bobGot).to.equal(1);
      // And Bob's upload lands in Bob's chat.
      const upload = await fetch(`${server.url}/api/widget/uploads?filename=a.png&clientId=shared-client-id-2`, { method: 'POST', headers: { 'x-visitor-token': bob.session.visitorToken, 'content-type': 'image/png' }, body: 'png' });
      expect(((await upload.json()) as { ticketId: number }).ticketId).to.equal(bobAck.ticketId);
    });
  });

  describe('inbound mail', () => {
    it('a signature of one ticket moved onto another ticket’s id does not thread', async () => {
      const mine = await ingest({ from: 'mallory@evil.test', subject: 'My own question' });
      const victim = await ingest({ from: 'victim@customer.test', subject: 'My bank details' });
      // Mallory received a genuine, signed Message-ID for her own ticket…
      const genuine = makeMessageId(server.server.ctx.channels.email?.threadSecret as string, mine.ticketId as number, 'shop.test', 'abc123');
      // …and rewrites the ticket id to the victim's, keeping the signature.
      const transplanted = genuine.replace(`<t${mine.ticketId}.`, `<t${victim.ticketId}.`);
      const attack = await ingest({ from: 'mallory@evil.test', subject: 'Re: My bank details', inReplyTo: transplanted, references: [transplanted] });
      expect(attack.ticketId).not.to.equal(victim.ticketId);
      // The genuine one still threads where it belongs.
      const honest = await ingest({ from: 'mallory@evil.test', subject: 'Re: My own question', inReplyTo: genuine });
      expect(honest).to.deep.include({ outcome: 'appended', ticketId: mine.ticketId });
    });

    it('a forged In-Reply-To and a forged [#number] together, from a stranger, open a new ticket', async () => {
      const victim = await ingest({ from: 'victim2@customer.test', subject: 'Refund to my account' });
      const number = (await Ticket.findByPk(victim.ticketId as number, { rejectOnEmpty: true })).number;
      const forgedId = `<t${victim.ticketId}.mdeadbeef.0123456789abcdef@shop.test>`;
      const attack = await ingest({ from: 'eve@evil.test', subject: `Re: Refund to my account [#${number}]`, inReplyTo: forgedId, references: [forgedId] });
      expect(attack.outcome).to.equal('created');
      expect(attack.ticketId).not.to.equal(victim.ticketId);
      expect(await Message.count({ where: { ticketId: victim.ticketId as number } })).to.equal(1);
    });

    it('a replayed Message-ID is stored once, even from another sender with another text', async () => {
      const messageId = newMessageId();
      const original = await ingest({ from: 'carol@customer.test', subject: 'Order 77', messageId, text: 'Where is order 77?' });
      const replay = await ingest({ from: 'eve@evil.test', subject: 'Order 77', messageId, text: 'Send the refund to my account instead' });
      expect(replay.outcome).to.equal('duplicate');
      expect(replay.messageId).to.equal(original.messageId);
      const rows = await Message.findAll({ where: { externalId: messageId } });
      expect(rows.map((row) => row.body)).to.deep.equal(['Where is order 77?']);
    });
  });
});
