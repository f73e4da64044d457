// Start-up (issue 18.2, issue 13.7, ADR 025): every check in Russian before «Откройте …», production without
// known credentials, a first administrator by an explicit command, and /healthz telling what the product lacks.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loader as healthz } from '#app/routes/healthz'
import { checkHealth } from '#app/jobs/health.server'
import { configurationWarnings } from '#app/models/configuration.server'
import { DEMO_PORTAL_TOKEN, EnvError, parseEnv, publicUrl } from '#app/utils/env.server'
import { dataDirProblem, databaseProblem, driverProblems, portProblem, sqliteFileProblem } from '#app/utils/startup-checks.server'
import { onPostgres } from '#tests/setup/test-db'

const root = path.resolve(__dirname, '..', '..')
const tmp = path.join(root, 'tests', '.tmp', `startup-${process.pid}`)
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')

function script(name: string, env: Record<string, string | undefined>, args: string[] = []) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['NODE_ENV', 'DEMO', 'DATABASE_URL', 'DATA_DIR', 'PORT', 'PORTAL_API_TOKEN'].includes(k)),
  )
  return spawnSync(process.execPath, [tsx, path.join('scripts', name), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...base, ...env } as NodeJS.ProcessEnv,
    timeout: 170_000,
  })
}

function envError(source: Record<string, string>): string {
  try {
    parseEnv(source)
  } catch (error) {
    if (error instanceof EnvError) return error.message
    throw error
  }
  throw new Error('parseEnv accepted the values')
}

beforeAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.mkdirSync(tmp, { recursive: true })
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('variables', () => {
  it('names the variable and its range in Russian', () => {
    expect(envError({ PORT: '70000' })).toContain('PORT: ожидается целое число от 1 до 65535')
    expect(envError({ PORT: 'три тысячи' })).toContain('PORT: ожидается целое число от 1 до 65535')
    expect(envError({ SESSION_IDLE_MINUTES: '1' })).toContain('SESSION_IDLE_MINUTES: ожидается целое число от 5 до 1440')
    expect(envError({ SMTP_SECURE: 'yes' })).toContain('SMTP_SECURE: ожидается одно из значений: true, false')
    expect(envError({ PUBLIC_URL: 'school8' })).toContain('PUBLIC_URL: ожидается полный адрес')
    expect(envError({ WORKER_INTERVAL_SECONDS: '0' })).toContain('WORKER_INTERVAL_SECONDS: ожидается число не меньше 0,2')
    expect(envError({ PORT: '70000' })).not.toMatch(/[A-Za-z]{4,} (?:expected|number)/)
  })

  it('is the demo unless NODE_ENV=production, and DEMO decides when given', () => {
    expect(parseEnv({}).demo).toBe(true)
    expect(parseEnv({ NODE_ENV: 'development' }).demo).toBe(true)
    expect(parseEnv({ NODE_ENV: 'production' }).demo).toBe(false)
    expect(parseEnv({ NODE_ENV: 'production', DEMO: '1' }).demo).toBe(true)
    expect(parseEnv({ DEMO: '0' }).demo).toBe(false)
  })

  it('refuses the demo portal token in production, naming PORTAL_API_TOKEN; accepts none there without the variable', () => {
    expect(envError({ NODE_ENV: 'production', PORTAL_API_TOKEN: DEMO_PORTAL_TOKEN })).toMatch(/PORTAL_API_TOKEN: демонстрационный токен/)
    expect(parseEnv({ NODE_ENV: 'production' }).PORTAL_API_TOKEN).toBe('')
    expect(parseEnv({ NODE_ENV: 'production', PORTAL_API_TOKEN: 'a-real-secret-of-the-school-42' }).PORTAL_API_TOKEN).toBe(
      'a-real-secret-of-the-school-42',
    )
    expect(parseEnv({}).PORTAL_API_TOKEN).toBe(DEMO_PORTAL_TOKEN)
  })
})

describe('one rule for the public address', () => {
  it('PUBLIC_URL, else the request origin, else localhost:PORT', () => {
    const set = parseEnv({ PUBLIC_URL: 'https://school8.example.org/', PORT: '3000' })
    const unset = parseEnv({ PORT: '3100' })
    const request = new Request('http://192.168.1.10:3100/staff/meeting/kit')
    expect(publicUrl(request, set)).toBe('https://school8.example.org')
    expect(publicUrl(request, unset)).toBe('http://192.168.1.10:3100')
    expect(publicUrl('http://10.0.0.5:8080/', unset)).toBe('http://10.0.0.5:8080')
    expect(publicUrl(null, unset)).toBe('http://localhost:3100')
  })

  it('warns about a missing PUBLIC_URL and a missing SMTP server', () => {
    const keys = (env: Record<string, string>, smtp: boolean) => configurationWarnings(parseEnv(env), smtp).map((w) => w.key)
    expect(keys({}, false)).toEqual(['public-url', 'smtp'])
    expect(keys({ PUBLIC_URL: 'https://school8.example.org' }, true)).toEqual([])
    expect(configurationWarnings(parseEnv({ PORT: '3100' }), true)[0].message).toContain('http://localhost:3100')
    // The section's name as the administrator's menu says it.
    expect(configurationWarnings(parseEnv({ PUBLIC_URL: 'https://school8.example.org' }), false)[0].message).toContain(
      '«Администрирование → Исходящая почта»',
    )
  })

  it('warns a school’s server (not the demo) whose form secret is kept in its own database', () => {
    const school = { NODE_ENV: 'production', PUBLIC_URL: 'https://school8.example.org' }
    const keys = (env: Record<string, string>) => configurationWarnings(parseEnv(env), true).map((w) => w.key)
    expect(keys(school)).toEqual(['form-secret'])
    expect(configurationWarnings(parseEnv(school), true)[0].message).toMatch(/^Не задан FORM_TOKEN_SECRET: .* и перезапустите сервер\.$/)
    expect(keys({ ...school, FORM_TOKEN_SECRET: 'a'.repeat(32) })).toEqual([])
    expect(keys({ ...school, DEMO: '1' })).toEqual([])
  })
})

describe('checks before the database is touched', () => {
  it('finds the SQLite driver and the Prisma client, and says in Russian when one is missing', () => {
    expect(driverProblems(root)).toEqual([])
    const broken = driverProblems(path.join(tmp, 'nowhere'), () => {
      throw new Error("Cannot find module 'better-sqlite3'")
    })
    expect(broken).toHaveLength(2)
    expect(broken[0]).toMatch(/^Драйвер SQLite \(better-sqlite3\) не установлен или не собран/)
    expect(broken[0]).toContain('allowScripts')
    expect(broken[1]).toMatch(/^Клиент базы данных Prisma не создан/)
  })

  it('refuses a data folder that is a file or cannot be written', () => {
    const file = path.join(tmp, 'a-file')
    fs.writeFileSync(file, 'x')
    expect(dataDirProblem(file, { demo: true })).toMatch(/это файл, а не папка/)
    expect(dataDirProblem('/proc/self', { demo: true })).toMatch(/нельзя записывать/)
    expect(dataDirProblem(path.join(tmp, 'typo', 'data'), { demo: false })).toMatch(/не найдена/)
    expect(dataDirProblem(path.join(tmp, 'data'), { demo: false })).toBeNull()
    expect(fs.statSync(path.join(tmp, 'data')).isDirectory()).toBe(true)
  })

  it('a full disk under the data folder is said as such, and the write check leaves no empty file behind', () => {
    const dir = path.join(tmp, 'full-disk')
    fs.mkdirSync(dir, { recursive: true })
    const write = fs.writeFileSync
    // As the kernel does on a full disk: the file is made, its bytes are refused.
    const spy = vi.spyOn(fs, 'writeFileSync').mockImplementation((file, ...rest) => {
      if (String(file).startsWith(dir)) {
        write(file, '')
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      }
      return write(file, ...rest)
    })
    try {
      const problem = dataDirProblem(dir, { demo: false })
      expect(problem).toMatch(/нет места \(ENOSPC\)/)
      expect(problem).toMatch(/Освободите место/)
      expect(problem).not.toMatch(/права на запись/)
    } finally {
      spy.mockRestore()
    }
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('refuses a file that is not SQLite and, in production, a database that does not exist', () => {
    const text = path.join(tmp, 'notes.db')
    fs.writeFileSync(text, 'это не база данных')
    expect(sqliteFileProblem(text)).toMatch(/не база данных SQLite/)
    expect(sqliteFileProblem(databaseUrlPath())).toBeNull()
    const typo = `file:${path.join(tmp, 'shcool.db')}`
    expect(databaseProblem(typo, { demo: false })).toMatch(/не найден.*npm run create-admin/s)
    expect(databaseProblem(typo, { demo: true })).toBeNull()
    expect(fs.existsSync(path.join(tmp, 'shcool.db'))).toBe(false)
  })

  it('finds a taken port', async () => {
    const holder = net.createServer()
    await new Promise<void>((resolve) => holder.listen(0, resolve))
    const port = (holder.address() as net.AddressInfo).port
    try {
      expect(await portProblem(port)).toMatch(new RegExp(`^Порт ${port} занят`))
    } finally {
      holder.close()
    }
    expect(await portProblem(port)).toBeNull()
  })
})

const databaseUrlPath = () => (process.env.DATABASE_URL as string).slice('file:'.length)

describe('npm start', () => {
  it('stops on a taken port before the migrations, in Russian, without «Откройте»', async () => {
    const holder = net.createServer()
    await new Promise<void>((resolve) => holder.listen(0, resolve))
    const port = (holder.address() as net.AddressInfo).port
    try {
      const run = script('start.ts', { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: path.join(tmp, 'data'), PORT: String(port) })
      expect(run.status).toBe(1)
      expect(run.stderr).toContain(`Запуск невозможен. Порт ${port} занят`)
      expect(run.stdout).not.toContain('Миграции применены')
      expect(run.stdout + run.stderr).not.toContain('Откройте')
      expect(run.stdout + run.stderr).not.toContain('EADDRINUSE')
    } finally {
      holder.close()
    }
  }, 180_000)

  it('in production, a mistyped DATABASE_URL stops start-up and creates no database', () => {
    const typo = path.join(tmp, 'data', 'ap.db')
    const run = script('start.ts', { NODE_ENV: 'production', DATABASE_URL: `file:${typo}`, DATA_DIR: path.join(tmp, 'data'), PORT: '3204' })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`Файл базы данных ${typo} не найден`)
    expect(fs.existsSync(typo)).toBe(false)
  }, 180_000)

  it('in production, refuses the demo portal token and a database holding the demo school', () => {
    const token = script('start.ts', {
      NODE_ENV: 'production',
      PORTAL_API_TOKEN: DEMO_PORTAL_TOKEN,
      DATABASE_URL: process.env.DATABASE_URL,
      PORT: '3204',
    })
    expect(token.status).toBe(1)
    expect(token.stderr).toContain('PORTAL_API_TOKEN')
    const copy = path.join(tmp, 'demo-copy.db')
    // PostgreSQL: this file's own database holds the demo school as the copy would (start-up only reads it).
    if (!onPostgres) fs.copyFileSync(databaseUrlPath(), copy)
    const demo = script('start.ts', {
      NODE_ENV: 'production',
      DATABASE_URL: onPostgres ? process.env.DATABASE_URL : `file:${copy}`,
      DATA_DIR: path.join(tmp, 'data'),
      PORT: '3204',
    })
    expect(demo.status).toBe(1)
    expect(demo.stderr).toContain('демо-школа с известными всем паролями')
  }, 240_000)

  it('in production, an empty database is refused until create-admin makes the school and its first administrator', async () => {
    const file = path.join(tmp, 'school3.db')
    const env = { NODE_ENV: 'production', DATABASE_URL: `file:${file}`, DATA_DIR: path.join(tmp, 'data'), PORT: '3204' }
    const missing = script('create-admin.ts', env, ['--name', 'Петрова Анна Ивановна'])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('В базе ещё нет школы')
    const empty = script('start.ts', env)
    expect(empty.status).toBe(1)
    expect(empty.stderr).toContain('В базе данных ещё нет школы')
    const created = script('create-admin.ts', env, [
      '--name',
      'Петрова Анна Ивановна',
      '--school',
      'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 3»',
      '--director',
      'Иванов Иван Иванович',
      '--address',
      'г. Саратов, ул. Мира, 3',
      '--phone',
      '+7 8452 33-33-33',
      '--email',
      'school3@example.org',
    ])
    expect(created.status, created.stderr).toBe(0)
    const password = /логин admin, пароль (\S+)/.exec(created.stdout)?.[1]
    expect(password).toMatch(/^[A-Za-z0-9]{10}$/)
    const Database = (await import('better-sqlite3')).default
    const conn = new Database(file, { readonly: true })
    try {
      const users = conn
        .prepare(
          'SELECT u."login", u."passwordHash", u."mustChangePassword", r."role" FROM "User" u JOIN "UserRole" r ON r."userId" = u."id"',
        )
        .all() as Array<Record<string, unknown>>
      expect(users).toEqual([expect.objectContaining({ login: 'admin', mustChangePassword: 1, role: 'admin' })])
      expect(String(users[0].passwordHash)).not.toContain(password as string)
      expect(conn.prepare('SELECT COUNT(*) AS n FROM "Setting" WHERE "key" = \'demo.logins\'').get()).toEqual({ n: 0 })
      expect(conn.prepare('SELECT "action" FROM "AuditEvent"').all()).toEqual([{ action: 'create:administrator' }])
    } finally {
      conn.close()
    }
    const again = script('create-admin.ts', env, ['--name', 'Петрова Анна Ивановна'])
    expect(again.status).toBe(2)
    expect(again.stderr).toContain('Учётная запись «admin» уже есть')
  }, 600_000)
})

describe('/healthz', () => {
  it('reports the database, the data folder, the worker, LibreOffice and the outbox', async () => {
    const res = await healthz()
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({ ok: true, database: { ok: true }, dataDir: { ok: true }, libreOffice: { available: expect.any(Boolean) } })
    expect(body.worker.tasks).toContain('nightly-backup')
    expect(body.outbox).toEqual({
      pending: expect.any(Number),
      oldestPendingSeconds: expect.toSatisfy((v: unknown) => v === null || typeof v === 'number'),
    })
  })

  it('is not ok when the data folder cannot be written: no application with scans could be taken', async () => {
    const health = await checkHealth(new Date(), { dataDir: '/proc/self' })
    expect(health.ok).toBe(false)
    expect(health.dataDir).toEqual({ ok: false, error: 'в папку данных нельзя записывать' })
  })
})
