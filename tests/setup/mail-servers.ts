// Real mail servers on 127.0.0.1 for the mail tests: smtp-server as the sink (it can refuse with 4xx on demand)
// and a standalone Dovecot with its own config in a temp dir (passwd-file user, maildir, no TLS).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ImapFlow } from 'imapflow'
import { simpleParser, type ParsedMail } from 'mailparser'
import nodemailer, { type SendMailOptions } from 'nodemailer'
import { SMTPServer } from 'smtp-server'

/** `envelopeFrom`: the SMTP MAIL FROM (the Return-Path a bounce goes back to). */
export type SinkMessage = { raw: Buffer; parsed: ParsedMail; envelopeTo: string[]; envelopeFrom: string; at: number }

type SmtpRefusal = { code: number; message: string }

export type SmtpSink = {
  port: number
  messages: SinkMessage[]
  /** While set, every MAIL FROM gets this reply (e.g. 451 — try later, or 550 — refused for good). */
  refuse: SmtpRefusal | null
  /** While set, every letter's data, received in full and kept in `messages`, gets this reply instead of «250». */
  refuseData: SmtpRefusal | null
  /**
   * Set by a test: awaited after a letter's data arrived in full (and was kept in `messages`), before the server
   * answers. Returning 'drop' cuts every connection with no answer at all — the line goes dead after the data.
   */
  beforeAnswer: ((message: SinkMessage) => Promise<'drop' | void>) | null
  close: () => Promise<void>
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = { port: 0, messages: [], refuse: null, refuseData: null, beforeAnswer: null, close: async () => {} }
  const sockets = new Set<net.Socket>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 50 * 1024 * 1024,
    onMailFrom(_address, _session, callback) {
      if (!sink.refuse) return callback()
      callback(Object.assign(new Error(sink.refuse.message), { responseCode: sink.refuse.code }))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
        simpleParser(raw)
          .then(async (parsed) => {
            const message: SinkMessage = {
              raw,
              parsed,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              at: Date.now(),
            }
            sink.messages.push(message)
            if (sink.beforeAnswer && (await sink.beforeAnswer(message)) === 'drop') {
              for (const socket of sockets) socket.destroy()
              return
            }
            if (sink.refuseData) return callback(Object.assign(new Error(sink.refuseData.message), { responseCode: sink.refuseData.code }))
            callback()
          })
          .catch(callback)
      })
    },
  })
  // A sender killed or cut mid-connection resets its socket: the server reports it as an 'error' event, expected here.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.server.on('connection', (socket: net.Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  sink.port = (server.server.address() as net.AddressInfo).port
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return sink
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

export function dovecotAvailable(): boolean {
  return spawnSync('dovecot', ['--version'], { encoding: 'utf8' }).status === 0
}

export type Dovecot = { port: number; user: string; password: string; close: () => Promise<void> }

async function waitForPort(port: number, child: ChildProcess, log: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`dovecot завершился: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`)
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`dovecot не открыл порт ${port}: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`)
}

/** Dovecot in the foreground (-F) as our own child process; the mail user must not be uid 0. */
export async function startDovecot(): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-'))
  // Dovecot's auth and mail processes run as the unprivileged user: they must reach the passwd file and maildir.
  fs.chmodSync(dir, 0o755)
  const port = await freePort()
  const root = process.getuid?.() === 0
  const user = root ? 'nobody' : os.userInfo().username
  const group = root ? 'nogroup' : spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim()
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub))
  fs.writeFileSync(path.join(dir, 'passwd'), 'school:{PLAIN}school-secret\n')
  const conf = path.join(dir, 'dovecot.conf')
  const log = path.join(dir, 'dovecot.log')
  fs.writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${user}
default_internal_user = ${user}
default_internal_group = ${group}
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${user} gid=${group} home=${dir}/mail/%u
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
`,
  )
  if (root) spawnSync('chown', ['-R', `${user}:${group}`, path.join(dir, 'mail')])
  const child = spawn('dovecot', ['-F', '-c', conf], { stdio: 'ignore' })
  await waitForPort(port, child, log)
  return {
    port,
    user: 'school',
    password: 'school-secret',
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

// ─── letters as a parent's mail client writes them, and the IMAP side of the test mailbox ───

export async function composeRaw(message: SendMailOptions): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  const info = await transport.sendMail(message)
  return info.message as Buffer
}

/** A minimal valid-looking PDF: only the first bytes matter to the type check. */
export const SCAN_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

export function imapSettings(dovecot: Dovecot) {
  return {
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    user: dovecot.user,
    password: dovecot.password,
    mailbox: 'INBOX',
    pollSeconds: 10,
  }
}

export async function withImap<T>(dovecot: Dovecot, run: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.logout()
  }
}

/** Delivers a letter into INBOX with the given INTERNALDATE (when it reached the school's mailbox). */
export async function deliver(dovecot: Dovecot, raw: Buffer, internalDate: Date): Promise<number> {
  return withImap(dovecot, async (client) => {
    const result = await client.append('INBOX', raw, [], internalDate)
    if (!result || result.uid === undefined) throw new Error('APPEND не вернул UID')
    return result.uid
  })
}

export async function flagsOf(dovecot: Dovecot, uid: number): Promise<string[]> {
  return withImap(dovecot, async (client) => {
    const lock = await client.getMailboxLock('INBOX')
    try {
      const [msg] = await client.fetchAll(String(uid), { uid: true, flags: true }, { uid: true })
      return [...(msg?.flags ?? [])]
    } finally {
      lock.release()
    }
  })
}

export async function clearFlags(dovecot: Dovecot, uid: number, flags: string[]): Promise<void> {
  await withImap(dovecot, async (client) => {
    const lock = await client.getMailboxLock('INBOX')
    try {
      await client.messageFlagsRemove(String(uid), flags, { uid: true })
    } finally {
      lock.release()
    }
  })
}
