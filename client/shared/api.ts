/**
 * The console's typed API client. The session is the httpOnly cookie set at login; every
 * request sends X-Requested-With, which the server requires for cookie-authenticated writes.
 */
export type TicketStatus = 'open' | 'pending' | 'solved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface Agent {
  id: number;
  name: string;
  email: string;
  /** admin, supervisor, agent, or a role an admin defined. */
  role: string;
  /** Only in GET /api/me: what the agent's role allows beyond tickets. */
  permissions?: Permission[];
  locale: string | null;
  phone: string | null;
  active: boolean;
  alertSound: boolean;
  groupIds: number[];
  createdAt: string;
}

export interface Ticket {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: 'email' | 'chat' | 'web';
  customerId: number;
  customer: { id: number; name: string | null; email: string | null } | null;
  assigneeId: number | null;
  assignee: { id: number; name: string } | null;
  groupId: number | null;
  tags: string[];
  /** A configured category key (see api.categories), its sub-category, and the product named. */
  category: string | null;
  subcategory: string | null;
  product: string | null;
  waitingSince: string | null;
  alertDueAt: string | null;
  /** Set when this ticket was merged into another (it is then closed). */
  mergedIntoId?: number | null;
  lastActivityAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface Message {
  id: number;
  ticketId: number;
  direction: 'inbound' | 'outbound';
  channel: string;
  authorType: 'customer' | 'agent' | 'system';
  authorId: number | null;
  authorName: string | null;
  body: string;
  html: string | null;
  internal: boolean;
  deliveryState: 'queued' | 'sending' | 'sent' | 'failed' | null;
  deliveryError: string | null;
  autoKind: 'bounce' | 'auto-reply' | 'bulk' | null;
  /** Written by the system (an automatic first answer or acknowledgement), not by an agent. */
  automatic: boolean;
  /** The reply template the text came from, when it did. */
  templateId: number | null;
  hasRawSource: boolean;
  attachments: Array<{ id: number; filename: string; contentType: string; size: number }>;
  createdAt: string;
}

export interface NewMailbox {
  name: string;
  address: string | null;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
}

/** A mailbox as the server shows it: the new-mailbox fields less the password, plus its state. */
export interface Mailbox extends Omit<NewMailbox, 'password'> {
  id: number;
  groupId: number | null;
  active: boolean;
  lastUid: number;
  lastSyncedAt: string | null;
  lastError: string | null;
}

export interface QuarantinedMail {
  id: number;
  subject: string | null;
  fromAddress: string | null;
  reason: string;
  size: number;
  status: 'quarantined' | 'resolved';
  attempts: number;
  createdAt: string;
}

export type KnowledgeLocale = 'en' | 'zh-CN';
export const knowledgeLocales: readonly KnowledgeLocale[] = ['en', 'zh-CN'];

export interface ReplyTemplate {
  id: number;
  title: string;
  /** Handlebars: {{customer.name}}, {{ticket.number}}, {{agent.name}}, {{company.name}} … */
  body: string;
  keywords: string[];
  examples: string[];
  locale: KnowledgeLocale;
  usageCount: number;
  learnedExamples: number;
  createdAt: string;
  updatedAt: string;
}
export type TemplateInput = Pick<ReplyTemplate, 'title' | 'body' | 'keywords' | 'examples' | 'locale'>;

export interface Suggestion {
  templateId: number;
  title: string;
  score: number;
  matched: string[];
  /** Rendered for the ticket (GET /tickets/:id/suggestions); raw Handlebars from POST /suggestions. */
  body: string;
  locale: string;
}

export interface ArticleSuggestion {
  articleId: number;
  slug: string;
  title: string;
  score: number;
  matched: string[];
  visibility: 'public' | 'internal';
  locale: string;
}

export interface Suggestions extends Page<Suggestion> {
  articles: ArticleSuggestion[];
  messageId: number | null;
  locale: string;
}

export interface Article {
  id: number;
  slug: string;
  title: string;
  /** Markdown. */
  body: string;
  /** The body rendered and sanitised by the server. */
  html: string;
  excerpt: string;
  category: string;
  keywords: string[];
  visibility: 'public' | 'internal';
  locale: KnowledgeLocale;
  revision: number;
  helpful: { yes: number; no: number };
  url: string;
  score?: number;
  matched?: string[];
  createdAt: string;
  updatedAt: string;
}
export interface ArticleInput {
  title: string;
  slug?: string;
  body: string;
  category: string;
  keywords: string[];
  visibility: Article['visibility'];
  locale: KnowledgeLocale;
}

export interface ArticleRevision {
  revision: number;
  title: string;
  body: string;
  category: string;
  keywords: string[];
  visibility: string;
  locale: string;
  editedById: number | null;
  createdAt: string;
}

export interface SuggestionSettings {
  autoAnswer: { enabled: boolean; minScore: number };
}

export interface CustomerIdentity {
  id: number;
  kind: 'email' | 'visitor' | 'phone';
  value: string;
  verified: boolean;
}

/** Private fields: shown and sent only to roles allowed to read them. */
export interface RestrictedFields {
  homeAddress: string | null;
  income: string | null;
  householdSize: number | null;
  birthday: string | null;
}
export const restrictedFieldNames = ['homeAddress', 'income', 'householdSize', 'birthday'] as const;

export interface Customer {
  id: number;
  name: string | null;
  emails: string[];
  phones: string[];
  organisation: string | null;
  locale: string | null;
  notes: string | null;
  tags: string[];
  customFields: Record<string, string>;
  identities: CustomerIdentity[];
  ticketCount: number;
  mergedIntoId: number | null;
  /** null when the agent's role may not read them; `redactedFields` then names what is hidden. */
  restricted: RestrictedFields | null;
  redactedFields: string[];
  createdAt: string;
  updatedAt: string;
}

/** Empty texts may be sent as null (the server stores null for ''). */
export interface CustomerChanges {
  name?: string | null;
  organisation?: string | null;
  locale?: KnowledgeLocale | null;
  notes?: string | null;
  tags?: string[];
  customFields?: Record<string, string>;
  restricted?: Partial<RestrictedFields>;
}

export interface HistoryTicket {
  id: number;
  number: number;
  subject: string;
  channel: string;
  status: TicketStatus;
}
export type HistoryItem =
  | { kind: 'ticket'; at: string; ticket: HistoryTicket }
  | {
      kind: 'message';
      at: string;
      ticket: HistoryTicket;
      message: { id: number; direction: Message['direction']; channel: string; authorType: Message['authorType']; authorName: string | null; body: string; internal: boolean; createdAt: string };
    }
  | { kind: 'survey'; at: string; ticket: HistoryTicket; survey: { id: number; rating: number; comment: string | null } }
  | { kind: 'purchase'; at: string; purchase: { id: number; orderRef: string | null; product: string | null; amount: string; currency: string } };

export interface LocalizedLabel {
  en: string;
  'zh-CN': string;
}
export interface TicketCategory {
  key: string;
  label: LocalizedLabel;
  subcategories: Array<{ key: string; label: LocalizedLabel }>;
}
export type TicketChanges = Partial<Pick<Ticket, 'status' | 'priority' | 'assigneeId' | 'tags' | 'category' | 'subcategory' | 'product'>>;

export type ReportInterval = 'day' | 'week' | 'month';
export type ReportBy = 'category' | 'product';
/** `to` is exclusive (the day after the last one counted); dates are UTC, YYYY-MM-DD. */
export interface FeedbackQuery {
  from: string;
  to: string;
  interval: ReportInterval;
  by: ReportBy;
}
export interface FeedbackRow {
  /** The first day of the period: the day, the week's Monday, the month's first. */
  period: string;
  category: string | null;
  subcategory: string | null;
  product: string | null;
  count: number;
}

export type ImportKind = 'customers' | 'purchases';
export interface ImportReport {
  kind: ImportKind;
  file: string;
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  customersCreated: number;
  /** The first 1000, by row number (the header is row 1). */
  rejected: Array<{ row: number; reason: string }>;
  rejectedCount: number;
  /** false: rows were rejected in all-or-nothing mode, nothing was written. */
  committed: boolean;
  durationMs: number;
}
export interface ImportJob {
  jobId: string;
  kind: ImportKind;
  file: string;
  state: 'running' | 'done' | 'failed';
  processed: number;
  total: number;
  report: ImportReport | null;
  error: string | null;
}

export type CareAudience = 'birthday' | 'no_contact' | 'segment';
export const careAudiences: readonly CareAudience[] = ['birthday', 'no_contact', 'segment'];
export type CustomerSegment = 'high_value' | 'regular' | 'at_risk' | 'never_bought';
export const customerSegments: readonly CustomerSegment[] = ['high_value', 'regular', 'at_risk', 'never_bought'];
export interface CareCampaignInput {
  name: string;
  audience: CareAudience;
  inactiveDays: number;
  segment: CustomerSegment | null;
  templateId: number;
  subject: string;
  /** HH:MM in timeZone. */
  sendTime: string;
  timeZone: string;
  active: boolean;
}
export interface CareCampaign extends CareCampaignInput {
  id: number;
  lastRunOn: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface CareDelivery {
  id: number;
  campaignId: number;
  customerId: number;
  occasion: string;
  state: string;
  attempts: number;
  nextAttemptAt: string | null;
  error: string | null;
  recipient: string | null;
  sentAt: string | null;
  messageId: number | null;
  createdAt: string;
}
export interface CareRunReport {
  selected: number;
  sent: number;
  failed: number;
  retrying: number;
}

export interface CsatFigures {
  responses: number;
  average: number | null;
  /** 0–1. */
  satisfiedShare: number | null;
}
export interface CsatReport {
  overall: CsatFigures;
  byAgent: Array<CsatFigures & { agentId: number | null; name: string | null }>;
  byCategory: Array<CsatFigures & { category: string | null }>;
}

export type Permission = 'customers.restricted.read' | 'customers.restricted.write' | 'customers.merge' | 'customers.import' | 'customers.export';
/** A role besides admin, as PUT /api/settings/roles takes it. */
export interface RoleDefinition {
  name: string;
  /** Built-in roles without one use the console's own words. */
  label: string | null;
  permissions: Permission[];
}
export interface Role extends RoleDefinition {
  builtIn: boolean;
  /** Agents who have this role. */
  agents: number;
}
export interface RoleSettings {
  roles: Role[];
  permissions: Permission[];
}

export interface Page<T> {
  data: T[];
  total: number;
}

export class ApiError extends Error {
  constructor(public readonly status: number, public readonly code: string, message: string) {
    super(message);
  }
}

/** Called when the session has ended (401 on anything but login): the app shows the login page. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** `?a=1&b=x` from the set values only. */
function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { 'X-Requested-With': 'helpdesk-console', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/auth/login') onUnauthorized();
    throw new ApiError(response.status, json?.error?.code ?? 'error', json?.error?.message ?? response.statusText);
  }
  return json as T;
}

export const api = {
  login: (email: string, password: string) => request<{ token: string; agent: Agent }>('POST', '/api/auth/login', { email, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<Agent>('GET', '/api/me'),
  agents: () => request<Page<Agent>>('GET', '/api/agents?limit=200'),
  updateMe: (id: number, changes: { alertSound?: boolean; locale?: string }) => request<Agent>('PATCH', `/api/agents/${id}`, changes),
  tickets: (query: { status?: string; q?: string; category?: string; product?: string; sort?: 'activity' | 'waiting' | 'due'; limit: number; offset: number }) => {
    const params = new URLSearchParams({ limit: String(query.limit), offset: String(query.offset) });
    if (query.sort) params.set('sort', query.sort);
    if (query.status) params.set('status', query.status);
    if (query.q) params.set('q', query.q);
    if (query.category) params.set('category', query.category);
    if (query.product) params.set('product', query.product);
    return request<Page<Ticket>>('GET', `/api/tickets?${params}`);
  },
  ticket: (id: number) => request<Ticket & { messages: Message[] }>('GET', `/api/tickets/${id}`),
  updateTicket: (id: number, changes: TicketChanges) => request<Ticket>('PATCH', `/api/tickets/${id}`, changes),
  reply: (id: number, body: string, internal: boolean, templateId: number | null = null) =>
    request<Message>('POST', `/api/tickets/${id}/messages`, templateId ? { body, internal, templateId } : { body, internal }),
  ticketSuggestions: (id: number, limit = 5) => request<Suggestions>('GET', `/api/tickets/${id}/suggestions?limit=${limit}`),
  templates: (query: { q?: string; locale?: KnowledgeLocale | ''; limit?: number; offset?: number } = {}) => request<Page<ReplyTemplate>>('GET', `/api/templates${queryString(query)}`),
  template: (id: number) => request<ReplyTemplate>('GET', `/api/templates/${id}`),
  createTemplate: (template: TemplateInput) => request<ReplyTemplate>('POST', '/api/templates', template),
  updateTemplate: (id: number, changes: Partial<TemplateInput>) => request<ReplyTemplate>('PATCH', `/api/templates/${id}`, changes),
  deleteTemplate: (id: number) => request<void>('DELETE', `/api/templates/${id}`),
  suggestionSettings: () => request<SuggestionSettings>('GET', '/api/settings/suggestions'),
  saveSuggestionSettings: (settings: SuggestionSettings) => request<SuggestionSettings>('PUT', '/api/settings/suggestions', settings),
  articles: (query: { q?: string; locale?: KnowledgeLocale | ''; category?: string; limit?: number; offset?: number } = {}) => request<Page<Article>>('GET', `/api/kb/articles${queryString(query)}`),
  article: (idOrSlug: number | string) => request<Article>('GET', `/api/kb/articles/${encodeURIComponent(String(idOrSlug))}`),
  createArticle: (article: ArticleInput) => request<Article>('POST', '/api/kb/articles', article),
  updateArticle: (id: number, changes: Partial<ArticleInput>) => request<Article>('PATCH', `/api/kb/articles/${id}`, changes),
  deleteArticle: (id: number) => request<void>('DELETE', `/api/kb/articles/${id}`),
  articleRevisions: (id: number) => request<Page<ArticleRevision>>('GET', `/api/kb/articles/${id}/revisions`),
  articleCategories: (locale?: KnowledgeLocale | '') => request<{ data: Array<{ category: string; count: number }> }>('GET', `/api/kb/categories${queryString({ locale })}`),
  mailboxes: () => request<Page<Mailbox>>('GET', '/api/mailboxes'),
  createMailbox: (mailbox: NewMailbox) => request<Mailbox>('POST', '/api/mailboxes', mailbox),
  syncMailbox: (id: number) => request<{ fetched: number }>('POST', `/api/mailboxes/${id}/sync`),
  quarantine: () => request<Page<QuarantinedMail>>('GET', '/api/mail/quarantine?status=quarantined&limit=100'),
  retryQuarantined: (id: number) => request<{ ok: boolean; reason?: string }>('POST', `/api/mail/quarantine/${id}/retry`),
  customers: (query: { q?: string; email?: string; limit?: number; offset?: number } = {}) => request<Page<Customer>>('GET', `/api/customers${queryString(query)}`),
  customer: (id: number) => request<Customer>('GET', `/api/customers/${id}`),
  updateCustomer: (id: number, changes: CustomerChanges) => request<Customer>('PATCH', `/api/customers/${id}`, changes),
  /** Oldest first. */
  customerHistory: (id: number, limit: number, offset: number) => request<Page<HistoryItem>>('GET', `/api/customers/${id}/history${queryString({ limit, offset })}`),
  /** Folds `otherId` into customer `id`; the merge can be undone by its id. */
  mergeCustomer: (id: number, otherId: number) => request<{ customer: Customer; mergeId: number }>('POST', `/api/customers/${id}/merge`, { otherId }),
  undoMerge: (mergeId: number) => request<{ customer: Customer }>('POST', `/api/customers/merges/${mergeId}/undo`),
  categories: () => request<{ data: TicketCategory[] }>('GET', '/api/settings/categories').then((body) => body.data),
  saveCategories: (categories: TicketCategory[]) => request<{ data: TicketCategory[] }>('PUT', '/api/settings/categories', { data: categories }).then((body) => body.data),
  feedbackReport: (query: FeedbackQuery) => request<Page<FeedbackRow>>('GET', `/api/reports/feedback${queryString({ ...query })}`),
  /** For a plain download link: the session cookie authenticates it. */
  feedbackCsvUrl: (query: FeedbackQuery) => `/api/reports/feedback.csv${queryString({ ...query })}`,
  /** Uploads the file as the raw body; answers 202 with the job to poll. */
  startImport: async (kind: ImportKind, file: File, options: { partial: boolean; createMissing: boolean }): Promise<ImportJob> => {
    const query = queryString({ filename: file.name, partial: String(options.partial), ...(kind === 'purchases' ? { createMissing: String(options.createMissing) } : {}) });
    let response: Response;
    try {
      response = await fetch(`/api/imports/${kind}${query}`, {
        method: 'POST',
        body: file,
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch', 'Content-Type': file.type || 'application/octet-stream' },
      });
    } catch {
      throw new ApiError(0, 'network', 'network error');
    }
    const json = (await response.json().catch(() => null)) as (ImportJob & { error?: { code: string; message: string } }) | null;
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      const error = json?.error;
      throw new ApiError(response.status, error?.code ?? 'error', error?.message ?? (response.status === 413 ? 'The file is too large' : response.statusText));
    }
    return json as ImportJob;
  },
  importJob: (jobId: string) => request<ImportJob>('GET', `/api/imports/${encodeURIComponent(jobId)}`),
  customersCsvUrl: '/api/exports/customers.csv',
  careCampaigns: () => request<Page<CareCampaign>>('GET', '/api/care/campaigns'),
  createCareCampaign: (campaign: CareCampaignInput) => request<CareCampaign>('POST', '/api/care/campaigns', campaign),
  updateCareCampaign: (id: number, changes: Partial<CareCampaignInput>) => request<CareCampaign>('PATCH', `/api/care/campaigns/${id}`, changes),
  deleteCareCampaign: (id: number) => request<void>('DELETE', `/api/care/campaigns/${id}`),
  runCareCampaign: (id: number) => request<CareRunReport>('POST', `/api/care/campaigns/${id}/run`),
  careDeliveries: (id: number, limit = 50) => request<Page<CareDelivery>>('GET', `/api/care/campaigns/${id}/deliveries${queryString({ limit })}`),
  /** `to` exclusive, YYYY-MM-DD (UTC). */
  csatReport: (query: { from?: string; to?: string }) => request<CsatReport>('GET', `/api/reports/csat${queryString(query)}`),
  roleSettings: () => request<RoleSettings>('GET', '/api/settings/roles'),
  saveRoleSettings: (roles: RoleDefinition[]) => request<RoleSettings>('PUT', '/api/settings/roles', { roles }),
  // ── inbox (issue #8) ──
  inboxTickets: (query: InboxTicketQuery) => request<Page<Ticket>>('GET', `/api/tickets${queryString({ ...query })}`),
  ticketCounts: () => request<TicketCounts>('GET', '/api/tickets/counts'),
  bulkTickets: (ids: number[], changes: BulkTicketChanges) => request<BulkTicketResult>('POST', '/api/tickets/bulk', { ids, changes }),
  // ── ticket view (issue #8) ──
  /** Merges ticket `otherId` into ticket `id`; answers the target. */
  mergeTicket: (id: number, otherId: number) => request<Ticket>('POST', `/api/tickets/${id}/merge`, { otherId }),
  ticketAudit: (id: number, page: { limit: number; offset: number }) => request<Page<AuditEntry>>('GET', `/api/tickets/${id}/audit${queryString(page)}`),
  customerTickets: (customerId: number) => request<Page<Ticket>>('GET', `/api/tickets${queryString({ customerId, limit: 50 })}`),
  ticketByNumber: (number: number) => request<Page<Ticket>>('GET', `/api/tickets${queryString({ q: String(number), limit: 5 })}`),
  sendMessage: (id: number, message: { body: string; internal: boolean; templateId?: number | null; attachmentIds?: number[] }) => request<Message>('POST', `/api/tickets/${id}/messages`, message),
  /** Uploads a file as the raw body, to attach to the next reply; a 413 is the server's size limit. */
  uploadAttachment: async (file: File): Promise<UploadedAttachment> => {
    let response: Response;
    try {
      response = await fetch(`/api/attachments${queryString({ filename: file.name })}`, {
        method: 'POST',
        body: file,
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'helpdesk-console', 'Content-Type': file.type || 'application/octet-stream' },
      });
    } catch {
      throw new ApiError(0, 'network', 'network error');
    }
    const json = (await response.json().catch(() => null)) as (UploadedAttachment & { error?: { code: string; message: string } }) | null;
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      throw new ApiError(response.status, json?.error?.code ?? 'error', json?.error?.message ?? response.statusText);
    }
    return json as UploadedAttachment;
  },
  // ── search (issue #8) ──
  search: (query: { q: string; type?: SearchType; limit?: number }) => request<SearchResults>('GET', `/api/search${queryString({ ...query })}`),
  // ── settings (issue #8) ──
  settingsAgents: () => request<Page<Agent>>('GET', '/api/agents?limit=200'),
  createAgent: (agent: AgentInput) => request<Agent>('POST', '/api/agents', agent),
  /** Admins: role, active, groups, and a new password (which ends the agent's sessions). */
  updateAgent: (id: number, changes: AgentUpdate) => request<Agent>('PATCH', `/api/agents/${id}`, changes),
  groups: () => request<Page<AgentGroup>>('GET', '/api/groups'),
  createGroup: (name: string) => request<AgentGroup>('POST', '/api/groups', { name }),
  renameGroup: (id: number, name: string) => request<AgentGroup>('PATCH', `/api/groups/${id}`, { name }),
  deleteGroup: (id: number) => request<void>('DELETE', `/api/groups/${id}`),
  setGroupMembers: (id: number, agentIds: number[]) => request<{ groupId: number; agentIds: number[] }>('PUT', `/api/groups/${id}/members`, { agentIds }),
  testMailbox: (settings: MailboxConnection) => request<ConnectionReport>('POST', '/api/mailboxes/test', settings),
  testStoredMailbox: (id: number) => request<ConnectionReport>('POST', `/api/mailboxes/${id}/test`, {}),
  widgetSettings: () => request<WidgetSettingsView>('GET', '/api/settings/widget'),
  saveWidgetSettings: (settings: WidgetSettings) => request<WidgetSettingsView>('PUT', '/api/settings/widget', settings),
  alertSettings: () => request<AlertPolicyView>('GET', '/api/settings/alerts'),
  saveAlertSettings: (settings: AlertSettings) => request<AlertPolicyView>('PUT', '/api/settings/alerts', settings),
  // ── reports (issue #8) ──
  overviewReport: (query: OverviewQuery) => request<OverviewReport>('GET', `/api/reports/overview${queryString({ ...query })}`),
  /** A link target: the browser downloads the file with the session cookie. */
  overviewCsvUrl: (query: OverviewQuery, section: OverviewSection, lang: string) => `/api/reports/overview.csv${queryString({ ...query, section, lang })}`,
  // ── shell (issue #8) ──
};

// ── types: inbox (issue #8) ──
export type InboxView = 'mine' | 'unassigned' | 'group' | 'overdue' | 'waiting' | 'all';
/** GET /api/tickets with a view and filters; empty strings are left out of the request. */
export interface InboxTicketQuery {
  view?: InboxView;
  status?: string;
  priority?: string;
  channel?: string;
  tag?: string;
  category?: string;
  segment?: string;
  sort?: string;
  q?: string;
  limit: number;
  offset: number;
}
export type TicketCounts = Record<InboxView, number>;
export interface BulkTicketChanges {
  assigneeId?: number | null;
  status?: TicketStatus;
  priority?: TicketPriority;
  groupId?: number | null;
  addTags?: string[];
  removeTags?: string[];
}
export interface BulkTicketResult {
  updated: number[];
  failed: Array<{ id: number; error: { code: string; message: string } }>;
}
// ── types: ticket view (issue #8) ──
export interface AuditEntry {
  id: number;
  action: string;
  actor: { type: 'agent' | 'customer' | 'system'; id: number | null; name: string | null } | null;
  changes: Record<string, unknown> | null;
  createdAt: string;
}
export interface UploadedAttachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
}
// ── types: search (issue #8) ──
export type SearchType = 'all' | 'tickets' | 'messages' | 'customers';
/** GET /api/search: per group, best first; `highlights` are the words that matched (plain text, never HTML). */
export interface SearchResults {
  tickets: Array<{ ticket: Ticket; score: number; highlights: string[] }>;
  messages: Array<{ id: number; ticketId: number; ticketNumber: number; subject: string; snippet: string; highlights: string[]; internal: boolean; createdAt: string; score: number }>;
  customers: Array<{ id: number; name: string | null; emails: string[]; organisation: string | null; score: number }>;
}
// ── types: settings (issue #8) ──
export interface AgentInput {
  name: string;
  email: string;
  password: string;
  role: string;
  groupIds: number[];
}
export type AgentUpdate = Partial<AgentInput> & { active?: boolean };
export interface AgentGroup {
  id: number;
  name: string;
  email: string | null;
  createdAt: string;
}
export type MailboxConnection = Pick<NewMailbox, 'host' | 'port' | 'secure' | 'username' | 'password' | 'folder'>;
export interface ConnectionReport {
  imap: { ok: boolean; error?: string; mailboxes?: number; messages?: number };
  smtp: { ok: boolean; error?: string };
}
export interface WidgetSettings {
  /** #rrggbb */
  color: string;
  position: 'right' | 'left';
  greeting: LocalizedLabel;
  preChat: { enabled: boolean; requireName: boolean; requireEmail: boolean };
  offlineMessage: LocalizedLabel;
}
export interface WidgetSettingsView extends WidgetSettings {
  embed: { scriptUrl: string; snippet: string };
}
export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export const weekdayNames: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** Left out: the ALERT_* environment applies. Hours may be fractions. */
export interface AlertSettings {
  afterHours?: number;
  byPriority?: Partial<Record<TicketPriority, number>>;
  /** Hours for customers of a value tier; the shorter of this and the priority's applies. */
  bySegment?: Partial<Record<CustomerSegment, number>>;
  warnRatio?: number;
  escalateAfterHours?: number;
  calendar?: { timeZone: string; days: Partial<Record<Weekday, [string, string]>>; holidays: string[] } | null;
}
export interface AlertPolicyView {
  settings: AlertSettings;
  effective: { afterHours: number; byPriority: Record<string, number>; bySegment: Record<string, number>; warnRatio: number | null; escalateAfterHours: number | null };
}
// ── types: reports (issue #8) ──
export interface OverviewQuery {
  from: string;
  /** Exclusive. */
  to: string;
  tz: string;
  channel?: string;
}
export type OverviewSection = 'volume' | 'times' | 'alerts' | 'csat' | 'categories';
export interface DurationSummary {
  count: number;
  /** Seconds. */
  median: number | null;
  p90: number | null;
}
export interface OverviewFigures {
  created: Record<'email' | 'chat' | 'web', number>;
  solved: Record<'email' | 'chat' | 'web', number>;
  firstResponse: DurationSummary;
  resolution: DurationSummary;
  alerts: Record<'warning' | 'overdue' | 'escalation', number>;
  csat: { responses: number; average: number | null; satisfiedShare: number | null };
  categories: Record<string, number>;
  uncategorized: number;
}
export interface OverviewReport {
  from: string;
  to: string;
  timeZone: string;
  channel: string | null;
  days: Array<OverviewFigures & { day: string }>;
  totals: OverviewFigures;
  categories: Array<{ key: string; label: LocalizedLabel }>;
}
// ── types: shell (issue #8) ──
