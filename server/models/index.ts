/** Binds every model to one Sequelize instance. Models import nothing from services. */
import type { Sequelize } from 'sequelize';
import { Agent } from './Agent';
import { AgentGroup } from './AgentGroup';
import { Alert } from './Alert';
import { AlertDelivery } from './AlertDelivery';
import { Attachment } from './Attachment';
import { CareCampaign } from './CareCampaign';
import { CareDelivery } from './CareDelivery';
import { CareUnsubscribe } from './CareUnsubscribe';
import { AuditLog } from './AuditLog';
import { Customer } from './Customer';
import { CustomerMerge } from './CustomerMerge';
import { Group } from './Group';
import { Identity } from './Identity';
import { JobLock } from './JobLock';
import { KbArticle } from './KbArticle';
import { KbArticleRevision } from './KbArticleRevision';
import { KbFeedback } from './KbFeedback';
import { Mailbox } from './Mailbox';
import { Message } from './Message';
import { Purchase } from './Purchase';
import { SearchDoc, SearchTerm } from './SearchTerm';
import { QuarantinedMail } from './QuarantinedMail';
import { ReplyTemplate } from './ReplyTemplate';
import { Session } from './Session';
import { Setting } from './Setting';
import { Survey } from './Survey';
import { TemplateExample } from './TemplateExample';
import { Ticket } from './Ticket';
import { Webhook } from './Webhook';
import { WebhookDelivery } from './WebhookDelivery';

export function initModels(sequelize: Sequelize): void {
  for (const model of [Agent, Group, AgentGroup, Customer, Identity, Mailbox, Ticket, Message, Attachment, AuditLog, Session, Setting, QuarantinedMail, Alert, AlertDelivery, JobLock, ReplyTemplate, TemplateExample, KbArticle, KbArticleRevision, KbFeedback, CustomerMerge, Purchase, CareCampaign, CareDelivery, CareUnsubscribe, Survey]) {
    model.initModel(sequelize);
  }
  // The search index (issue #8, search).
  for (const model of [SearchTerm, SearchDoc]) model.initModel(sequelize);
  // Outgoing webhooks (issue #9).
  for (const model of [Webhook, WebhookDelivery]) model.initModel(sequelize);
}

export { Agent, AgentGroup, Alert, AlertDelivery, JobLock, Attachment, AuditLog, Customer, Group, Identity, Mailbox, Message, QuarantinedMail, Session, Setting, Ticket, ReplyTemplate, TemplateExample, KbArticle, KbArticleRevision, KbFeedback, CustomerMerge, Purchase };
