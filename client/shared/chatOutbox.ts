/**
 * The visitor's outbox: every message gets a clientId and stays here until the server acks it
 * as stored. On (re)connect everything unacked is sent again, in order, one at a time; the server
 * stores each clientId once, so a message sent twice is still shown once.
 */
import type { Socket } from 'socket.io-client';

export interface OutgoingMessage {
  clientId: string;
  text: string;
  /** Set once the server has stored it. */
  id: number | null;
}

type AckReply = { ok: true; id: number; ticketId: number } | { ok: false; error: { code: string; message: string } };

const ACK_TIMEOUT_MS = 5_000;
const RETRY_LATER_MS = 3_000;

export function newClientId(): string {
  const random = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class ChatOutbox {
  readonly pending: OutgoingMessage[] = [];
  private flushing = false;
  /** A flush was asked for while one ran (e.g. a reconnect during a lost ack): run once more. */
  private again = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly onStored: (message: OutgoingMessage, ticketId: number) => void,
    private readonly onRefused: (message: OutgoingMessage, code: string) => void = () => undefined,
  ) {
    socket.on('connect', () => void this.flush());
  }

  send(text: string, clientId = newClientId()): OutgoingMessage {
    const message: OutgoingMessage = { clientId, text, id: null };
    this.pending.push(message);
    void this.flush();
    return message;
  }

  /** Sends unacked messages in order; stops at the first that is not stored, to keep the order. */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    try {
      while (this.pending.length && this.socket.connected) {
        const message = this.pending[0];
        let reply: AckReply;
        try {
          reply = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message', { text: message.text, clientId: message.clientId })) as AckReply;
        } catch {
          // No ack in time (the connection dropped meanwhile): send it again now if connected,
          // else on the next connect. The server stores a clientId once.
          continue;
        }
        if (reply.ok) {
          message.id = reply.id;
          this.pending.shift();
          this.onStored(message, reply.ticketId);
        } else if (reply.error.code === 'rate_limited' || reply.error.code === 'internal_error') {
          this.scheduleRetry();
          return;
        } else {
          // Refused for good (too long, empty): drop it and say so.
          this.pending.shift();
          this.onRefused(message, reply.error.code);
        }
      }
    } finally {
      this.flushing = false;
      if (this.again) {
        this.again = false;
        void this.flush();
      }
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, RETRY_LATER_MS);
  }
}
