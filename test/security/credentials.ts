/**
 * The people the security suite plays: nobody, a customer (a widget visitor — the only credential
 * a customer holds here: the portal has no login), a plain agent, a supervisor and an admin.
 */
import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { nextEvent } from '../helpers/socket';
import { ADMIN, type TestServer } from '../helpers/server';

export const roles = ['anonymous', 'customer', 'agent', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface Visitor {
  socket: Socket;
  visitorToken: string;
  customerId: number;
  ticketId: number;
}

export interface Credentials {
  tokens: Record<'agent' | 'supervisor' | 'admin', string>;
  agentIds: Record<'agent' | 'supervisor' | 'admin', number>;
  logins: Record<'agent' | 'supervisor' | 'admin', { email: string; password: string }>;
  visitor: Visitor;
}

export const unique = (): string => randomBytes(4).toString('hex');

/** An agent of this role, made by the admin through the API, and a token of theirs. */
export async function newAgent(server: TestServer, adminToken: string, role: string): Promise<{ id: number; token: string; email: string; password: string }> {
  const email = `${role}-${unique()}@example.test`;
  const password = `pw-${unique()}-secret`;
  const created = await server.request<{ id: number }>('POST', '/api/agents', { token: adminToken, body: { name: `Security ${role}`, email, password, role } });
  if (created.status !== 201) throw new Error(`could not create a ${role}: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id, token: await server.login(email, password), email, password };
}

/** A widget visitor who has written once, so they have a chat ticket of their own. */
export async function newVisitor(server: TestServer, auth: Record<string, unknown> = {}): Promise<Visitor> {
  const socket = connect(`${server.url}/widget`, { auth, transports: ['websocket'], reconnection: false });
  const session = await nextEvent<{ visitorToken: string; customerId: number }>(socket, 'session');
  const ack = (await socket.timeout(5000).emitWithAck('message', { text: 'Hello, I need help', clientId: `hello-${unique()}` })) as { ok: boolean; ticketId: number };
  if (!ack.ok) throw new Error('the visitor could not write');
  return { socket, visitorToken: session.visitorToken, customerId: session.customerId, ticketId: ack.ticketId };
}

export async function credentialsFor(server: TestServer): Promise<Credentials> {
  const admin = await server.login();
  const me = await server.request<{ id: number }>('GET', '/api/me', { token: admin });
  const agent = await newAgent(server, admin, 'agent');
  const supervisor = await newAgent(server, admin, 'supervisor');
  return {
    tokens: { admin, agent: agent.token, supervisor: supervisor.token },
    agentIds: { admin: me.body.id, agent: agent.id, supervisor: supervisor.id },
    logins: { admin: ADMIN, agent, supervisor },
    visitor: await newVisitor(server),
  };
}

/** The headers a role sends: agents their bearer token, the customer their visitor token (as the widget does). */
export function headersFor(credentials: Credentials, role: Role, token?: string): Record<string, string> {
  if (role === 'anonymous') return {};
  if (role === 'customer') return { 'x-visitor-token': credentials.visitor.visitorToken };
  return { authorization: `Bearer ${token ?? credentials.tokens[role]}` };
}
