import type { Agent } from '../models/Agent';
import { ADMIN_ROLE } from './roles';

/** Who is asking: the logged-in agent and the groups they belong to (loaded once per request). */
export interface Actor {
  agent: Agent;
  groupIds: number[];
}

export const isAdmin = (actor: Actor): boolean => actor.agent.role === ADMIN_ROLE;
