import type { Agent } from '../models/Agent';
import type { Group } from '../models/Group';
import { groupIdsByAgent } from '../services/agentService';
import type { AgentJson, GroupJson } from './schemas';

/** The password hash never leaves the server: fields are listed, not spread. */
function presentAgent(agent: Agent, groupIds: number[]): AgentJson {
  return {
    id: agent.id,
    name: agent.name,
    email: agent.email,
    role: agent.role,
    locale: agent.locale,
    phone: agent.phone,
    active: agent.active,
    alertSound: agent.alertSound,
    groupIds,
    createdAt: agent.createdAt.toISOString(),
  };
}

export async function presentAgents(agents: Agent[]): Promise<AgentJson[]> {
  const groups = await groupIdsByAgent(agents.map((a) => a.id));
  return agents.map((agent) => presentAgent(agent, groups.get(agent.id) ?? []));
}

export async function presentOneAgent(agent: Agent): Promise<AgentJson> {
  return (await presentAgents([agent]))[0];
}

export function presentGroup(group: Group): GroupJson {
  return { id: group.id, name: group.name, email: group.email, createdAt: group.createdAt.toISOString() };
}
