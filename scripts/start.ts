// `npm start`: migrations → demo school if empty → build if stale → serve, printing the demo logins.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { EnvError, parseEnv } from '../app/utils/env.server'

const root = path.resolve(__dirname, '..')
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name)

function fail(message: string): never {
  console.error(`\nЗапуск невозможен. ${message}\n`)
  process.exit(1)
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string) {
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
  if (result.status !== 0) fail(`${what} завершилось с ошибкой:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

function buildIsStale(): boolean {
  const out = path.join(root, 'build', 'index.js')
  if (!fs.existsSync(out)) return true
  const built = fs.statSync(out).mtimeMs
  const sources = Math.max(newestMtime(path.join(root, 'app')), newestMtime(path.join(root, 'workflows')), fs.statSync(path.join(root, 'package.json')).mtimeMs)
  return sources > built
}

async function main() {
  let env
  try {
    env = parseEnv()
  } catch (error) {
    if (error instanceof EnvError) fail(error.message)
    throw error
  }
  const childEnv = { ...process.env, DATABASE_URL: env.DATABASE_URL, PORT: String(env.PORT), NODE_ENV: env.NODE_ENV }
  console.log(`База данных: ${env.DATABASE_URL}`)
  run(bin('prisma'), ['migrate', 'deploy'], childEnv, 'Применение миграций')
  console.log('Миграции применены.')

  // Imported only after DATABASE_URL is final: the client connects on import.
  process.env.DATABASE_URL = env.DATABASE_URL
  const { connectDb } = await import('../app/utils/db.server')
  const { seedIfEmpty, demoLogins, localToday } = await import('../prisma/seed/seed.server')
  const db = connectDb(env.DATABASE_URL)
  const started = Date.now()
  const { seeded } = await seedIfEmpty(db, localToday())
  if (seeded) console.log(`Создана демо-школа за ${((Date.now() - started) / 1000).toFixed(1)} с.`)
  const logins = await demoLogins(db)
  await db.$disconnect()

  if (buildIsStale()) {
    console.log('Сборка приложения…')
    run(bin('remix'), ['build'], childEnv, 'Сборка')
  }

  if (logins.length > 0) {
    console.log('\nДемо-входы (логин / пароль):')
    for (const l of logins) console.log(`  ${l.role.padEnd(32)} ${l.login.padEnd(18)} ${l.password}   ${l.name}${l.note ? ` — ${l.note}` : ''}`)
  }
  console.log(`\nОткройте http://localhost:${env.PORT}\n`)

  const server = spawn(process.execPath, [path.join(root, 'server.js')], { cwd: root, env: childEnv, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal))
  server.on('exit', (code) => process.exit(code ?? 0))
}

main().catch((error) => fail(String(error?.stack ?? error)))
