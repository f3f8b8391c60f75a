/**
 * A real SMTP server (the smtp-server package) on a free loopback port that keeps what it
 * receives, and can be told to fail: temporarily for the first N mails, permanently for some
 * recipients, or, for the next N attempts, in a chosen way (`failNext`: a 421 greeting, a 451 or
 * 554 answer to the data, the connection dropped after the data, or no answer at all).
 */
import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { freePort } from './net';

/**
 * How an attempt is refused: `greeting` 421 before anything is sent; `temporary` 451 and
 * `permanent` 554 after the data; `drop` closes the connection once the data is in, unanswered;
 * `silence` never answers the data (a hung server), so the mail is not taken.
 */
export type SmtpRefusal = 'greeting' | 'temporary' | 'permanent' | 'drop' | 'silence';

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
  /** Connections that reached the server (each delivery attempt opens one). */
  attempts(): number;
  /** Attempts whose whole mail arrived but which were refused, dropped or left unanswered. */
  refusedData(): number;
  /** Refuses the next `count` attempts `how` (a list cycles: greeting, drop, …). */
  failNext(count: number, how: SmtpRefusal | SmtpRefusal[]): void;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let toFail = options.failFirst ?? 0;
  const rejected = new Set((options.rejectRecipients ?? []).map((r) => r.toLowerCase()));
  let attempts = 0;
  let refusedData = 0;
  /** The refusals still to give, one per attempt, first first. */
  const refusals: SmtpRefusal[] = [];
  /** Each connection's refusal, decided when it connects. */
  const refusalOf = new Map<string, SmtpRefusal>();
  const sockets = new Map<number, Socket>();
  const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(session, callback) {
      attempts += 1;
      const refusal = refusals.shift();
      if (refusal === 'greeting') return callback(smtpError(421, 'Service not available, closing channel'));
      if (refusal) refusalOf.set(session.id, refusal);
      callback();
    },
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
        const refusal = refusalOf.get(session.id);
        refusalOf.delete(session.id);
        if (refusal) refusedData += 1;
        if (refusal === 'drop') {
          // The whole mail arrived, but the sender never hears whether it was taken.
          sockets.get(session.remotePort)?.destroy();
          return;
        }
        if (refusal === 'silence') return;
        if (refusal === 'temporary') return callback(smtpError(451, 'Requested action aborted: local error in processing'));
        if (refusal === 'permanent') return callback(smtpError(554, 'Transaction failed: message refused'));
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
  server.server.on('connection', (socket: Socket) => {
    const remotePort = socket.remotePort ?? 0;
    sockets.set(remotePort, socket);
    socket.once('close', () => sockets.delete(remotePort));
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
    attempts: () => attempts,
    refusedData: () => refusedData,
    failNext(count, how) {
      const ways = Array.isArray(how) ? how : [how];
      for (let i = 0; i < count; i += 1) refusals.push(ways[i % ways.length]);
    },
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
