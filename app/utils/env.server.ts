import { z } from 'zod'

const THREADS_MESSAGE = 'ожидается целое число от 0 до 32'

// Parsed once at boot; a bad value stops start-up with a message naming the variable.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, 'ожидается адрес вида file:./data/app.db')
    .default('file:./data/app.db'),
  DATA_DIR: z.string().default('./data'),
  PUBLIC_URL: z.string().url('ожидается полный адрес, например http://localhost:3000').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  PORTAL_API_TOKEN: z.string().min(16, 'не короче 16 символов').default('demo-portal-token-change-me'),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: z.enum(['true', 'false']).default('false'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().default('МОУ «СОШ № 8» <school8@example.org>'),
  IMAP_HOST: z.string().optional(),
  IMAP_PORT: z.coerce.number().int().min(1).max(65535).default(993),
  IMAP_SECURE: z.enum(['true', 'false']).default('true'),
  IMAP_USER: z.string().optional(),
  IMAP_PASSWORD: z.string().optional(),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(10).default(60),
  IMAP_MAILBOX: z.string().default('INBOX'),
  // Optional DKIM signing of outgoing letters (app/mail/transport.server.ts): all three or none.
  DKIM_DOMAIN: z.string().optional(),
  DKIM_SELECTOR: z.string().optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().optional(),
  // The right-hand side of our Message-IDs; defaults to the domain of MAIL_FROM.
  MAIL_MESSAGE_ID_DOMAIN: z.string().regex(/^[A-Za-z0-9.-]+$/, 'ожидается доменное имя').optional(),
  WORKER_INTERVAL_SECONDS: z.coerce.number().min(0.2).default(5),
  DISABLE_WORKER: z.enum(['true', 'false']).default('false'),
  // Threads that render Word documents (app/documents/render-pool.server.ts); 0 = in the main thread.
  // Unset: one per core, at most four.
  // PDF copies of stored Word documents (ADR 036): 'off' makes none and the pages say so (tests that do not look at
  // a PDF). Read from process.env on every use (app/documents/pdf.server.ts isPdfEnabled).
  PDF_CONVERSION: z.enum(['on', 'off'], { error: 'ожидается on или off' }).default('on'),
  RENDER_THREADS: z.coerce.number({ error: THREADS_MESSAGE }).int(THREADS_MESSAGE).min(0, THREADS_MESSAGE).max(32, THREADS_MESSAGE).optional(),
})

export type Env = z.infer<typeof schema>

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source)
  if (result.success) return result.data
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
  )
  throw new EnvError(`Неверные переменные окружения:\n${lines.join('\n')}`)
}

let cached: Env | undefined
export function getEnv(): Env {
  cached ??= parseEnv()
  return cached
}

/** The app's own address for texts made without a request (documents by the worker): PUBLIC_URL, else localhost:PORT. */
export function publicUrl(env: Env = getEnv()): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '')
}
