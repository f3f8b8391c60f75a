/** Binds every model to one Sequelize instance. Models import nothing from services. */
import type { Sequelize } from 'sequelize';
import { Agent } from './Agent';
import { AgentGroup } from './AgentGroup';
import { Attachment } from './Attachment';
import { AuditLog } from './AuditLog';
import { Customer } from './Customer';
import { Group } from './Group';
import { Identity } from './Identity';
import { Message } from './Message';
import { Session } from './Session';
import { Ticket } from './Ticket';

export function initModels(sequelize: Sequelize): void {
  for (const model of [Agent, Group, AgentGroup, Customer, Identity, Ticket, Message, Attachment, AuditLog, Session]) {
    model.initModel(sequelize);
  }
}

export { Agent, AgentGroup, Attachment, AuditLog, Customer, Group, Identity, Message, Session, Ticket };
