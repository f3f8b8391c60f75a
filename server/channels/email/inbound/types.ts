import type { AutoKind } from '../../../models/Message';

/** An attachment whose bytes are already on disk (content-addressed), ready to be linked to a message. */
export interface StoredFile {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
  inline: boolean;
  contentId: string | null;
}

/** A mail after the pipeline's filters, in the terms the ticket service understands. */
export interface InboundEmail {
  /** Normalised `<id@host>`; synthesised from the raw source's hash when the mail has none. */
  messageId: string;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: { address: string; name: string | null };
  to: string[];
  cc: string[];
  /** What agents read: quoted history and signature removed. */
  text: string;
  /** The full text when something was removed from `text`; else null. */
  originalText: string | null;
  html: string | null;
  attachments: StoredFile[];
  /** Things agents should know about the mail (e.g. an attachment over the size limit). */
  notes: string[];
  autoKind: AutoKind | null;
  /** The raw source on disk. */
  rawKey: string;
  /** For a bounce: our own Message-IDs it reports as undelivered (found in the returned headers). */
  bouncedMessageIds: string[];
  /** For a mail an agent forwarded: the original sender, who becomes the ticket's customer. */
  forwardedFrom: { address: string; name: string | null } | null;
}

/** Where a mail sits in its IMAP folder; stored with the mail so a restart resumes after it. */
export interface Checkpoint {
  mailboxId: number;
  uidValidity: number;
  uid: number;
}
