/** The one SMTP transport set-up, from SMTP_*; null when no SMTP server is configured. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../../config';

export function createSmtpTransport(config: Config): Transporter | null {
  if (!config.SMTP_HOST) return null;
  return nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
    // Loopback or internal relays often have no certificate for their name.
    tls: { rejectUnauthorized: !/^(127\.|localhost$)/.test(config.SMTP_HOST) },
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
}
