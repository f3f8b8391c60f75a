/**
 * "Test connection" for a mailbox: log in to IMAP and open the folder, and ask the SMTP server
 * whether it accepts our credentials (nodemailer `verify()`), each within a time limit, with an
 * error a person can act on. Nothing is read, flagged or sent, and no password is ever returned.
 */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { Config } from '../config';

export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
}

export interface SmtpTarget {
  host: string;
  port: number;
  secure: boolean;
  username?: string | null;
  password?: string | null;
}

export interface ImapResult {
  ok: boolean;
  error?: string;
  /** Folders the account has. */
  mailboxes?: number;
  /** Messages in the configured folder. */
  messages?: number;
}
export interface SmtpResult {
  ok: boolean;
  error?: string;
}
export interface ConnectionReport {
  imap: ImapResult;
  smtp: SmtpResult;
}

const TIMEOUT_MS = 10_000;

interface LowLevelError {
  code?: string;
  message?: string;
  authenticationFailed?: boolean;
  responseCode?: number;
  serverResponseCode?: string;
  responseText?: string;
  response?: string;
  reason?: string;
}

/** Node, TLS, imapflow and nodemailer errors in words; the password is cut out if a server echoed it. */
export function describeConnectionError(raw: unknown, target: { host: string; port: number; password?: string | null }): string {
  const error = (raw ?? {}) as LowLevelError;
  const code = error.code ?? '';
  const text = `${error.message ?? ''} ${error.responseText ?? ''} ${error.response ?? ''} ${error.reason ?? ''}`;
  let message: string;
  if (error.authenticationFailed || code === 'EAUTH' || /AUTHENTICATIONFAILED|authentication failed|invalid credentials|535/i.test(text)) {
    message = 'The server refused the user name or password';
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EDNS') {
    message = `Host not found: ${target.host}`;
  } else if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) {
    message = `Connection refused by ${target.host}:${target.port} (nothing listens there, or a firewall blocks it)`;
  } else if (code === 'ETIMEDOUT' || code === 'ETIMEOUT' || code === 'timeout' || /timed? ?out/i.test(text)) {
    message = `No answer from ${target.host}:${target.port} within ${TIMEOUT_MS / 1000} s`;
  } else if (/CERT|SSL|TLS|self[- ]signed|wrong version number|certificate/i.test(`${code} ${text}`)) {
    message = `TLS problem: ${error.message ?? code} (check the port and the TLS setting)`;
  } else if (code === 'NoConnection' || code === 'ECONNRESET' || code === 'EPIPE') {
    message = `The connection to ${target.host}:${target.port} was closed (wrong port or TLS setting?)`;
  } else if (error.serverResponseCode === 'NONEXISTENT' || /NONEXISTENT|doesn't exist|does not exist|mailbox.*not.*exist/i.test(text)) {
    message = 'The folder does not exist on this server';
  } else {
    message = (error.message || code || 'Unknown error').slice(0, 300);
  }
  return target.password ? message.split(target.password).join('••••') : message;
}

/** Runs `work`, failing with a timeout error after TIMEOUT_MS (and calling `abort` to free sockets). */
async function withTimeout<T>(work: Promise<T>, abort: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort();
      reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    }, TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function testImap(target: ImapTarget): Promise<ImapResult> {
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.secure,
    auth: { user: target.username, pass: target.password },
    logger: false,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  // A failure also arrives as an 'error' event; without a listener it would crash the process.
  client.on('error', () => undefined);
  try {
    return await withTimeout(
      (async () => {
        await client.connect();
        const folders = await client.list();
        // EXAMINE, not SELECT: opening read-only changes no flag on the server.
        const opened = await client.mailboxOpen(target.folder, { readOnly: true });
        return { ok: true, mailboxes: folders.length, messages: opened.exists };
      })(),
      () => client.close(),
    );
  } catch (error) {
    return { ok: false, error: describeConnectionError(error, target) };
  } finally {
    // After a failed connect() close() is required, or the socket waits for the server's timeout.
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}

export async function testSmtp(target: SmtpTarget): Promise<SmtpResult> {
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: target.secure,
    auth: target.username ? { user: target.username, pass: target.password ?? '' } : undefined,
    // The same leniency as the real transport (transport.ts): loopback relays rarely have a certificate.
    tls: { rejectUnauthorized: !/^(127\.|localhost$)/.test(target.host) },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await withTimeout(transport.verify(), () => transport.close());
    return { ok: true };
  } catch (error) {
    return { ok: false, error: describeConnectionError(error, target) };
  } finally {
    transport.close();
  }
}

/** The SMTP server from SMTP_* (the one replies go out through), when there is one. */
export function configuredSmtp(config: Config): SmtpTarget | null {
  if (!config.SMTP_HOST) return null;
  return { host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, username: config.SMTP_USER ?? null, password: config.SMTP_PASSWORD ?? null };
}

/** Both tests at once; SMTP is the given server, else the configured one, else reported as missing. */
export async function testMailboxConnection(imap: ImapTarget, smtp: SmtpTarget | null): Promise<ConnectionReport> {
  const [imapResult, smtpResult] = await Promise.all([
    testImap(imap),
    smtp ? testSmtp(smtp) : Promise.resolve<SmtpResult>({ ok: false, error: 'No SMTP server is configured (SMTP_HOST)' }),
  ]);
  return { imap: imapResult, smtp: smtpResult };
}
