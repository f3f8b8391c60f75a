/**
 * A real, private Dovecot IMAP server for tests: its own config, state and maildirs in a temp
 * folder, one passwd-file user, listening on a free loopback port. Nothing under /etc is used.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { ImapFlow } from 'imapflow';
import { freePort } from './net';

export interface DovecotServer {
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  /** Appends one mail; returns the UID the server gave it. */
  append(raw: string | Buffer, mailbox?: string): Promise<number>;
  /** Appends many mails over one connection. */
  appendMany(raws: Array<string | Buffer>, mailbox?: string): Promise<void>;
  count(mailbox?: string): Promise<number>;
  /** Deletes and recreates a folder, which gives it a new UIDVALIDITY. */
  recreateMailbox(mailbox: string): Promise<void>;
  stop(): Promise<void>;
}

/** The server's environment for a help desk that reads this Dovecot's INBOX over plain IMAP. */
export function imapEnv(dovecot: DovecotServer): Record<string, string> {
  return { IMAP_HOST: dovecot.host, IMAP_PORT: String(dovecot.port), IMAP_SECURE: 'false', IMAP_USER: dovecot.user, IMAP_PASSWORD: dovecot.password };
}

function systemUser(name: string): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`No system user ${name}: install dovecot-imapd`);
  return { uid, gid };
}

function config(dir: string, port: number, mailUser: { uid: number; gid: number }): string {
  return `
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_uid = ${mailUser.uid}
mail_gid = ${mailUser.gid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = /
}
`;
}

async function withClient<T>(server: Pick<DovecotServer, 'port' | 'user' | 'password'>, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false });
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw error;
  }
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function ensureMailbox(client: ImapFlow, mailbox: string): Promise<void> {
  if (mailbox.toUpperCase() === 'INBOX') return;
  const existing = await client.list();
  if (!existing.some((m) => m.path === mailbox)) await client.mailboxCreate(mailbox);
}

export async function startDovecot(): Promise<DovecotServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-dovecot-'));
  const port = await freePort();
  const mailUser = systemUser('dovecot');
  const user = 'support@shop.test';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  for (const sub of ['run', 'state', 'home']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.chmodSync(dir, 0o755);
  fs.chownSync(path.join(dir, 'home'), mailUser.uid, mailUser.gid);
  fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  fs.writeFileSync(path.join(dir, 'dovecot.conf'), config(dir, port, mailUser));

  const child: ChildProcess = spawn('/usr/sbin/dovecot', ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const server: DovecotServer = {
    host: '127.0.0.1',
    port,
    user,
    password,
    append: (raw, mailbox = 'INBOX') =>
      withClient(server, async (client) => {
        await ensureMailbox(client, mailbox);
        const result = await client.append(mailbox, raw);
        if (!result || typeof result.uid !== 'number') throw new Error('Dovecot did not return a UID');
        return result.uid;
      }),
    appendMany: (raws, mailbox = 'INBOX') =>
      withClient(server, async (client) => {
        await ensureMailbox(client, mailbox);
        for (const raw of raws) await client.append(mailbox, raw);
      }),
    count: (mailbox = 'INBOX') =>
      withClient(server, async (client) => {
        const status = await client.status(mailbox, { messages: true });
        return status ? (status.messages ?? 0) : 0;
      }),
    recreateMailbox: (mailbox) =>
      withClient(server, async (client) => {
        await client.mailboxDelete(mailbox).catch(() => undefined);
        await client.mailboxCreate(mailbox);
      }),
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  // Ready when a login works.
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Dovecot exited: ${stderr}\n${fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : ''}`);
    try {
      await withClient(server, async () => undefined);
      return server;
    } catch (error) {
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`Dovecot did not accept a login: ${(error as Error).message}\n${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
