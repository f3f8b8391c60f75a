/**
 * A mail too large to fetch is not dropped: it is stored as its own headers plus a note saying
 * how large it was and where the original remains, so the customer still gets a ticket.
 */
export function oversizedMailStandIn(headers: Buffer, size: number, limit: number, uid: number): Buffer {
  const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
  // Keep the headers that identify and thread the mail; drop the MIME ones, the body is ours.
  const kept = headers
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .filter((line) => line && !/^(content-type|content-transfer-encoding|mime-version)\s*:/i.test(line));
  const note = `[This mail is ${mb(size)}, over the ${mb(limit)} limit (MAIL_MAX_BYTES). It was not fetched; the original remains in the mailbox at UID ${uid}.]`;
  return Buffer.from([...kept, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', note, ''].join('\r\n'), 'latin1');
}
