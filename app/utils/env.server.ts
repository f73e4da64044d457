import { z } from '#workflows/zod'
import { trustProxyProblem } from './proxy.server'

// Every message in Russian and naming the range (ADR 025): zod's defaults are English («Too big: expected…»).
const between = (min: number, max: number) => {
  const message = `ожидается целое число от ${min} до ${max}`
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message)
}
const atLeast = (min: number, what = 'число') => {
  const message = `ожидается ${what} не меньше ${String(min).replace('.', ',')}`
  return z.coerce.number({ error: message }).min(min, message)
}
const flag = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `ожидается одно из значений: ${values.join(', ')}` })
const text = () => z.string({ error: 'ожидается строка' })

/** The demo portal token of .env.example; refused outside the demo (ADR 025). */
export const DEMO_PORTAL_TOKEN = 'demo-portal-token-change-me'

// Parsed once at boot; a bad value stops start-up with a message naming the variable.
const schema = z.object({
  NODE_ENV: flag(['development', 'production', 'test']).default('production'),
  // 1: the demo school with its known passwords; 0: a school's own server. Unset: 1 unless NODE_ENV=production.
  DEMO: flag(['0', '1']).optional(),
  PORT: between(1, 65535).default(3000),
  DATABASE_URL: text()
    // SQLite by default; a postgresql:// URL selects PostgreSQL (ADR 039).
    .regex(
      /^(file:.+|postgres(ql)?:\/\/.+)/,
      'ожидается адрес вида file:./data/app.db или postgresql://пользователь:пароль@сервер:5432/база',
    )
    .default('file:./data/app.db'),
  DATA_DIR: text().min(1, 'ожидается путь к папке').default('./data'),
  PUBLIC_URL: z.url({ error: 'ожидается полный адрес, например https://school8.example.org' }).optional(),
  // Behind a reverse proxy: which peers may report the client's address and scheme (off, a hop count, or CIDRs).
  TRUST_PROXY: text()
    .default('false')
    .superRefine((value, ctx) => {
      const problem = trustProxyProblem(value)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
  // Signs the /apply form token (ADR 023); unset: a random secret made once and kept in the database.
  FORM_TOKEN_SECRET: text().min(16, 'не короче 16 символов').optional(),
  SESSION_IDLE_MINUTES: between(5, 24 * 60).default(60),
  SESSION_MAX_HOURS: between(1, 24 * 30).default(12),
  // Unset outside the demo: only tokens issued in the product are accepted (docs/api.md).
  PORTAL_API_TOKEN: text().min(16, 'не короче 16 символов').optional(),
  SMTP_HOST: text().optional(),
  SMTP_PORT: between(1, 65535).default(587),
  SMTP_SECURE: flag(['true', 'false']).default('false'),
  SMTP_USER: text().optional(),
  SMTP_PASSWORD: text().optional(),
  MAIL_FROM: text().default('МОУ «СОШ № 8» <school8@example.org>'),
  IMAP_HOST: text().optional(),
  IMAP_PORT: between(1, 65535).default(993),
  IMAP_SECURE: flag(['true', 'false']).default('true'),
  IMAP_USER: text().optional(),
  IMAP_PASSWORD: text().optional(),
  IMAP_POLL_SECONDS: between(10, 24 * 60 * 60).default(60),
  IMAP_MAILBOX: text().default('INBOX'),
  // Optional DKIM signing of outgoing letters (app/mail/transport.server.ts): all three or none.
  DKIM_DOMAIN: text().optional(),
  DKIM_SELECTOR: text().optional(),
  DKIM_PRIVATE_KEY_FILE: text().optional(),
  // The right-hand side of our Message-IDs; defaults to the domain of MAIL_FROM.
  MAIL_MESSAGE_ID_DOMAIN: text()
    .regex(/^[A-Za-z0-9.-]+$/, 'ожидается доменное имя')
    .optional(),
  WORKER_INTERVAL_SECONDS: atLeast(0.2).default(5),
  DISABLE_WORKER: flag(['true', 'false']).default('false'),
  // Threads that render Word documents (app/documents/render-pool.server.ts); 0 = in the main thread.
  // Unset: one per core, at most four.
  // PDF copies of stored Word documents (ADR 036): 'off' makes none and the pages say so (tests that do not look at
  // a PDF). Read from process.env on every use (app/documents/pdf.server.ts isPdfEnabled).
  PDF_CONVERSION: flag(['on', 'off']).default('on'),
  // Warm LibreOffice processes converting side by side (ADR 074); unset: min(2, cores). Read on every use.
  PDF_WORKERS: between(1, 16).optional(),
  // Word documents by the fast renderer (docxtemplater's internals, pinned) or by stock docxtemplater — the same
  // document, slower: the way back if an upgrade breaks the internals (ADR 052). Read on every render.
  DOCX_RENDERER: flag(['fast', 'stock']).default('fast'),
  RENDER_THREADS: between(0, 32).optional(),
  // A clean stop (SIGTERM, Ctrl-C): how long in-flight requests and the worker's current task may finish (ADR 025).
  SHUTDOWN_GRACE_SECONDS: between(1, 600).default(8),
  // Overload protection (server/overload.js, ADR 047): heavy pages (e-diary, dashboard, documents) running at once
  // and waiting for a turn, and every request's time limit (past it: 503 with Retry-After).
  HEAVY_CONCURRENCY: between(1, 64).default(2),
  HEAVY_QUEUE: between(0, 10_000).default(200),
  REQUEST_TIMEOUT_SECONDS: between(1, 600).default(30),
  // The nightly backup by the worker (ADR 025): the folder (best on another disk), the hour in the school's time
  // zone (Europe/Saratov) and how many copies to keep. BACKUP_NIGHTLY=false turns it off.
  BACKUP_NIGHTLY: flag(['true', 'false']).default('true'),
  BACKUP_DIR: text().min(1, 'ожидается путь к папке').optional(), // unset: DATA_DIR/backups
  BACKUP_HOUR: between(0, 23).default(2),
  BACKUP_KEEP: between(1, 365).default(7),
})

type Parsed = z.infer<typeof schema>

export type Env = Omit<Parsed, 'PORTAL_API_TOKEN'> & {
  /** The demo school with known passwords may exist and be created (DEMO=1, or NODE_ENV other than production). */
  demo: boolean
  /** '' = no token from the environment: only tokens issued in the product are accepted. */
  PORTAL_API_TOKEN: string
}

export class EnvError extends Error {}

/**
 * Whether this is the demo: DEMO=1, or NODE_ENV unset/development/test without DEMO=0. `npm start` on a clean
 * checkout is the demo; a school's server runs with NODE_ENV=production (ADR 025).
 */
function isDemo(source: Record<string, string | undefined>): boolean {
  if (source.DEMO === '1' || source.DEMO === '0') return source.DEMO === '1'
  return source.NODE_ENV !== 'production'
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty value (`PORT=` in a .env file) means «not set», as the comments of .env.example promise.
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''))
  const result = schema.safeParse(given)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new EnvError(`Неверные переменные окружения:\n${lines.join('\n')}`)
  }
  const demo = isDemo(given)
  const token = result.data.PORTAL_API_TOKEN
  if (!demo && token === DEMO_PORTAL_TOKEN) {
    throw new EnvError(
      'Неверные переменные окружения:\n  PORTAL_API_TOKEN: демонстрационный токен из .env.example в рабочем режиме не принимается — ' +
        'его знает каждый. Задайте свой случайный токен (не короче 16 символов, например вывод «openssl rand -hex 24») и сообщите ' +
        'его региональному порталу или уберите переменную, если портал не подключён (docs/api.md).',
    )
  }
  return { ...result.data, demo, PORTAL_API_TOKEN: token ?? (demo ? DEMO_PORTAL_TOKEN : '') }
}

let cached: Env | undefined
export function getEnv(): Env {
  cached ??= parseEnv()
  return cached
}

/**
 * The app's own address in texts for parents (letters, credential sheets, QR codes, links in answers): PUBLIC_URL
 * when the school set it; else the origin of the request the text is made for (what the staff member's browser
 * reached); else, for what the worker makes without a request, http://localhost:PORT — which no parent can open,
 * hence the warnings of configurationWarnings() (ADR 025).
 */
export function publicUrl(origin?: string | Request | null, env: Env = getEnv()): string {
  const fromRequest = typeof origin === 'string' ? origin : origin ? new URL(origin.url).origin : undefined
  return (env.PUBLIC_URL ?? fromRequest ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '')
}
