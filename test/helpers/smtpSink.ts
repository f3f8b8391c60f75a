/**
 * A real SMTP server (the smtp-server package) on a free loopback port that keeps what it
 * receives, and can be told to fail: temporarily for the first N mails, permanently for some
 * recipients.
 */
import { SMTPServer } from 'smtp-server';
import { freePort } from './net';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

export interface SmtpSinkOptions {
  /** Answer the first N mails with "451 try again later". */
  failFirst?: number;
  /** Refuse these recipients with "550 no such user". */
  rejectRecipients?: string[];
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  messages: ReceivedMail[];
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let toFail = options.failFirst ?? 0;
  const rejected = new Set((options.rejectRecipients ?? []).map((r) => r.toLowerCase()));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        const error = new Error('No such user') as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (toFail > 0) {
          toFail -= 1;
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        messages.push({
          envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    host: '127.0.0.1',
    port,
    messages,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
