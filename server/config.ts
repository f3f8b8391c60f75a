/**
 * Every environment variable the server reads, typed and validated in one place.
 * `loadConfig(env)` is pure so tests can build a config without touching process.env.
 */
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(public readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0).max(65535);
const positiveNumber = z.coerce.number({ message: 'must be a number' }).positive('must be greater than 0');
const url = z.url({ message: 'must be a URL' });

const databaseUrl = z
  .string()
  .refine((v) => /^(sqlite:|mysql:\/\/|mariadb:\/\/)/.test(v), 'must start with sqlite: or mysql://');

/** One entry per variable: the schema and its default (as the text a user would write). */
const variables = {
  PORT: { schema: port, default: '3000' },
  HOST: { schema: z.string().min(1), default: '0.0.0.0' },
  PUBLIC_URL: { schema: url.optional(), default: undefined },
  DATABASE_URL: { schema: databaseUrl, default: 'sqlite:./data/helpdesk.sqlite' },
  DATA_DIR: { schema: z.string().min(1), default: './data' },
  REDIS_URL: { schema: url.optional(), default: undefined },
  ADMIN_EMAIL: { schema: z.email({ message: 'must be an email address' }), default: 'admin@example.com' },
  ADMIN_PASSWORD: { schema: z.string().min(8, 'must be at least 8 characters').optional(), default: undefined },
  IMAP_HOST: { schema: z.string().min(1).optional(), default: undefined },
  IMAP_PORT: { schema: port, default: '993' },
  IMAP_SECURE: { schema: booleanText, default: 'true' },
  IMAP_USER: { schema: z.string().optional(), default: undefined },
  IMAP_PASSWORD: { schema: z.string().optional(), default: undefined },
  IMAP_MAILBOX: { schema: z.string().min(1), default: 'INBOX' },
  SMTP_HOST: { schema: z.string().min(1).optional(), default: undefined },
  SMTP_PORT: { schema: port, default: '587' },
  SMTP_SECURE: { schema: booleanText, default: 'false' },
  SMTP_USER: { schema: z.string().optional(), default: undefined },
  SMTP_PASSWORD: { schema: z.string().optional(), default: undefined },
  MAIL_FROM: { schema: z.string().optional(), default: undefined },
  /** Seconds between mailbox polls when IDLE brings nothing (the fallback for servers without IDLE). */
  IMAP_POLL_SECONDS: { schema: positiveNumber, default: '60' },
  /** Mail larger than this is stored as its headers and a note; the original stays in the mailbox. */
  MAIL_MAX_BYTES: { schema: z.coerce.number().int().positive('must be greater than 0'), default: String(50 * 1024 * 1024) },
  /** Send an acknowledgement mail when an email opens a new ticket (never to automatic mail). */
  MAIL_ACKNOWLEDGE: { schema: booleanText, default: 'false' },
  /** How often queued outgoing mail is retried and checked. */
  MAIL_RETRY_SCAN_SECONDS: { schema: positiveNumber, default: '30' },
  ALERT_AFTER_HOURS: { schema: positiveNumber, default: '12' },
  ALERT_SCAN_SECONDS: { schema: positiveNumber, default: '60' },
  /** Share of the threshold at which a warning is raised (0 turns warnings off). */
  ALERT_WARN_RATIO: { schema: z.coerce.number({ message: 'must be a number' }).min(0).max(0.99, 'must be below 1'), default: '0.75' },
  /** Hours after an overdue alert with no answer before it is escalated to admins (0 turns escalation off). */
  ALERT_ESCALATE_AFTER_HOURS: { schema: z.coerce.number({ message: 'must be a number' }).min(0), default: '2' },
  /** How often care campaigns are checked for mail due (customer care on a schedule). */
  CARE_SCAN_SECONDS: { schema: positiveNumber, default: '60' },
  /** Ask the customer to rate our help (a survey link) when their ticket is solved. */
  SURVEY_AFTER_SOLVE: { schema: booleanText, default: 'true' },
  SMS_WEBHOOK_URL: { schema: url.optional(), default: undefined },
  WIDGET_HMAC_SECRET: { schema: z.string().min(1).optional(), default: undefined },
  /** Longest chat message accepted, in characters. */
  CHAT_MAX_MESSAGE_CHARS: { schema: z.coerce.number().int().positive(), default: '5000' },
  /** Largest file a chat visitor may upload, in bytes (default 10 MiB). */
  CHAT_UPLOAD_MAX_BYTES: { schema: z.coerce.number().int().positive(), default: String(10 * 1024 * 1024) },
  /** Chat messages a visitor may send per minute (a flood gets a rate_limited answer). */
  CHAT_RATE_PER_MINUTE: { schema: z.coerce.number().int().positive(), default: '60' },
  /** New widget visitors (each a new customer) per minute and client address; returning visitors are not counted. */
  WIDGET_NEW_VISITORS_PER_MINUTE: { schema: z.coerce.number().int().positive(), default: '30' },
  /** Largest attachment accepted, in bytes (default 25 MiB). */
  ATTACHMENT_MAX_BYTES: { schema: z.coerce.number().int().positive('must be greater than 0'), default: String(25 * 1024 * 1024) },
  /** How long a login stays valid. */
  SESSION_TTL_HOURS: { schema: positiveNumber, default: String(24 * 14) },
  /** Failed logins allowed per address and e-mail within LOGIN_RATE_WINDOW_SECONDS. */
  LOGIN_RATE_LIMIT: { schema: z.coerce.number().int().positive(), default: '10' },
  LOGIN_RATE_WINDOW_SECONDS: { schema: positiveNumber, default: '900' },
  /** Requests per minute and client address to the public knowledge-base API (search, articles, feedback). */
  PUBLIC_RATE_PER_MINUTE: { schema: z.coerce.number().int().positive(), default: '120' },
  /** Express "trust proxy" setting, for deployments behind a reverse proxy. */
  TRUST_PROXY: { schema: booleanText, default: 'false' },
  /** The company's name, for `{{company.name}}` in reply templates and the portal's title. */
  COMPANY_NAME: { schema: z.string().trim().min(1).max(120), default: 'Help Center' },
  LOG_LEVEL: { schema: z.enum(['debug', 'info', 'warn', 'error', 'silent']), default: 'info' },
  /** When set, GET /metrics requires `Authorization: Bearer <token>`; unset, only loopback may scrape. */
  METRICS_TOKEN: { schema: z.string().min(16, 'must be at least 16 characters').optional(), default: undefined },
  /** How often the webhook deliverer looks for due deliveries (0: this process never delivers). */
  WEBHOOK_POLL_SECONDS: { schema: z.coerce.number({ message: 'must be a number' }).min(0), default: '5' },
  /** How long a webhook receiver has to answer before the attempt counts as failed. */
  WEBHOOK_TIMEOUT_SECONDS: { schema: positiveNumber, default: '10' },
  /** How long the readiness check waits for the database and Redis. */
  READY_TIMEOUT_MS: { schema: z.coerce.number().int().positive(), default: '2000' },
  // ── scale-out (issue #9) ──
  /** web: HTTP and Socket.IO only; worker: background loops (HTTP for health and metrics only); both. */
  SERVER_ROLE: { schema: z.enum(['web', 'worker', 'both'], { message: 'must be web, worker or both' }), default: 'both' },
  /** Prefix of every Redis key and channel (job leases, Socket.IO adapter), so deployments can share a Redis. */
  REDIS_KEY_PREFIX: { schema: z.string().regex(/^[\w.:-]{1,60}$/, 'must be 1-60 letters, digits, . _ : -'), default: 'helpdesk' },
} as const;

type Variables = typeof variables;
type Parsed = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

export interface Config extends Parsed {
  /** PUBLIC_URL, or http://localhost:PORT when unset; never ends with a slash. */
  publicUrl: string;
  /** MAIL_FROM, or IMAP_USER when unset. */
  mailFrom: string | undefined;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(variables)) {
    const raw = env[name];
    const text = raw === undefined || raw === '' ? spec.default : raw;
    const result = (spec.schema as z.ZodType).safeParse(text);
    if (!result.success) {
      const shown = name.includes('PASSWORD') || name.includes('SECRET') || name.includes('TOKEN') ? '(hidden)' : JSON.stringify(raw);
      throw new ConfigError(name, `${result.error.issues[0]?.message ?? 'is invalid'} (got ${shown})`);
    }
    parsed[name] = result.data;
  }
  const values = parsed as Parsed;
  const publicUrl = (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, '');
  return { ...values, publicUrl, mailFrom: values.MAIL_FROM ?? values.IMAP_USER };
}
