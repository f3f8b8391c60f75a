import { forbidden } from '../http/errors';
import { isAdmin, type Actor } from './actor';

/** Creating agents, changing roles and deactivating accounts is for admins only. */
export function assertCanManageAgents(actor: Actor): void {
  if (!isAdmin(actor)) throw forbidden('Only admins can manage agents');
}

/** Anyone may edit their own profile; admins may edit anyone's. */
export function assertCanEditAgent(actor: Actor, agentId: number): void {
  if (!isAdmin(actor) && actor.agent.id !== agentId) throw forbidden('You can only edit your own profile');
}
