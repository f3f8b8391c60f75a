/**
 * Collision detection on /agent: `viewing` / `stopViewing` / `typing` / disconnect announce
 * `presence {ticketId, viewers}` to the ticket's room; an agent who may not see the ticket never
 * joins it and hears nothing.
 */
import { expect } from 'chai';
import { io as connect, type Socket } from 'socket.io-client';
import { TYPING_MS, type PresenceEvent } from '../../server/realtime/presence';
import { buildAgent, buildGroup, buildTicket } from '../factories';
import { describeEachDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

/** The first `presence` on this socket for the ticket that satisfies `check`. */
function presenceWhere(socket: Socket, ticketId: number, check: (event: PresenceEvent) => boolean, timeoutMs = 10_000): Promise<PresenceEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('presence', listener);
      reject(new Error('no matching presence'));
    }, timeoutMs);
    const listener = (event: PresenceEvent) => {
      if (event.ticketId !== ticketId || !check(event)) return;
      clearTimeout(timer);
      socket.off('presence', listener);
      resolve(event);
    };
    socket.on('presence', listener);
  });
}

describeEachDatabase('presence (collision detection)', (database) => {
  let server: TestServer;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer(database);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.close();
  });

  const agentSocket = async (token: string) => {
    const socket = connect(`${server.url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const view = (socket: Socket, ticketId: number, event: 'viewing' | 'stopViewing' = 'viewing') =>
    socket.timeout(5000).emitWithAck(event, { ticketId }) as Promise<{ ok: boolean; error?: string }>;

  it('shows who views and who types, never to an agent who cannot see the ticket', async () => {
    const group = await buildGroup(server.server.ctx);
    const { ticket } = await buildTicket(server.server.ctx, { groupId: group.id });
    const anna = await buildAgent(server.server.ctx, { name: 'Anna', groupIds: [group.id] });
    const bo = await buildAgent(server.server.ctx, { name: 'Bo', groupIds: [group.id] });
    const outsider = await buildAgent(server.server.ctx, { name: 'Carl' });
    const [annaSocket, boSocket, outsiderSocket] = await Promise.all(
      [anna, bo, outsider].map(async (agent) => agentSocket(await server.login(agent.email, agent.password))),
    );
    const heardByOutsider: PresenceEvent[] = [];
    outsiderSocket.on('presence', (event: PresenceEvent) => heardByOutsider.push(event));

    const annaAlone = presenceWhere(annaSocket, ticket.id, (e) => e.viewers.length === 1);
    expect(await view(annaSocket, ticket.id)).to.deep.equal({ ok: true });
    expect((await annaAlone).viewers).to.deep.equal([{ agentId: anna.actor.agent.id, name: 'Anna', typing: false }]);

    const both = presenceWhere(annaSocket, ticket.id, (e) => e.viewers.length === 2);
    const boSees = presenceWhere(boSocket, ticket.id, (e) => e.viewers.length === 2);
    expect(await view(boSocket, ticket.id)).to.deep.equal({ ok: true });
    expect((await both).viewers.map((v) => v.name)).to.deep.equal(['Anna', 'Bo']);
    await boSees;

    // The outsider is refused the room, so Bo's typing and the rest never reach them.
    expect(await view(outsiderSocket, ticket.id)).to.deep.equal({ ok: false, error: 'not_found' });
    const boTyping = presenceWhere(annaSocket, ticket.id, (e) => e.viewers.some((v) => v.name === 'Bo' && v.typing));
    boSocket.emit('typing', { ticketId: ticket.id });
    const typingEvent = await boTyping;
    expect(typingEvent.viewers).to.deep.include({ agentId: bo.actor.agent.id, name: 'Bo', typing: true });
    expect(typingEvent.viewers).to.deep.include({ agentId: anna.actor.agent.id, name: 'Anna', typing: false });
    // The outsider typing on a ticket they cannot see changes nothing.
    outsiderSocket.emit('typing', { ticketId: ticket.id });

    const boLeft = presenceWhere(annaSocket, ticket.id, (e) => e.viewers.length === 1);
    expect(await view(boSocket, ticket.id, 'stopViewing')).to.deep.equal({ ok: true });
    expect((await boLeft).viewers.map((v) => v.name)).to.deep.equal(['Anna']);

    // A closed tab (disconnect) leaves the list too.
    const back = presenceWhere(annaSocket, ticket.id, (e) => e.viewers.length === 2);
    expect(await view(boSocket, ticket.id)).to.deep.equal({ ok: true });
    await back;
    const gone = presenceWhere(annaSocket, ticket.id, (e) => e.viewers.length === 1);
    boSocket.disconnect();
    expect((await gone).viewers.map((v) => v.name)).to.deep.equal(['Anna']);
    expect(heardByOutsider).to.deep.equal([]);
  });

  it('typing runs out after TYPING_MS and is announced again', async function () {
    this.timeout(30_000);
    const { ticket } = await buildTicket(server.server.ctx);
    const anna = await buildAgent(server.server.ctx, { name: 'Anna' });
    const bo = await buildAgent(server.server.ctx, { name: 'Bo' });
    const [annaSocket, boSocket] = await Promise.all([anna, bo].map(async (agent) => agentSocket(await server.login(agent.email, agent.password))));
    const both = presenceWhere(annaSocket, ticket.id, (e) => e.viewers.length === 2);
    await view(annaSocket, ticket.id);
    await view(boSocket, ticket.id);
    await both;
    const typing = presenceWhere(annaSocket, ticket.id, (e) => e.viewers.some((v) => v.name === 'Bo' && v.typing));
    boSocket.emit('typing', { ticketId: ticket.id });
    await typing;
    const startedAt = Date.now();
    const stopped = await presenceWhere(annaSocket, ticket.id, (e) => e.viewers.length === 2 && e.viewers.every((v) => !v.typing), TYPING_MS + 3000);
    expect(Date.now() - startedAt).to.be.greaterThan(TYPING_MS - 1000);
    expect(stopped.viewers.map((v) => v.name)).to.deep.equal(['Anna', 'Bo']);
  });

  it('ignores a bad payload', async () => {
    const token = await server.login();
    const socket = await agentSocket(token);
    expect(await socket.timeout(5000).emitWithAck('viewing', { ticketId: 'x' })).to.deep.equal({ ok: false, error: 'not_found' });
    expect(await socket.timeout(5000).emitWithAck('stopViewing', { ticketId: 123456 })).to.deep.equal({ ok: false, error: 'not_viewing' });
  });
});
