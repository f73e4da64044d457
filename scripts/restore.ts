// `npm run restore -- <backup folder or .tar> [--force] [--database file:…] [--data-dir …]`: the command line of
// app/backup/restore.server.ts (ADR 011).
import { argValue } from '../app/backup/backup.server'
import { restore, RestoreError } from '../app/backup/restore.server'

export * from '../app/backup/restore.server'

async function main() {
  const args = process.argv.slice(2)
  const source = args.find((a, i) => !a.startsWith('--') && !['--database', '--data-dir'].includes(args[i - 1]))
  if (!source) throw new RestoreError('Укажите папку или .tar резервной копии: npm run restore -- data/backups/backup-…')
  const result = await restore({
    source,
    force: args.includes('--force'),
    databaseUrl: argValue(args, '--database') ?? process.env.DATABASE_URL ?? 'file:./data/app.db',
    dataDir: argValue(args, '--data-dir') ?? process.env.DATA_DIR ?? './data',
  })
  if (result.previous) console.log(`Прежняя база данных сохранена: ${result.previous}`)
  console.log(`Восстановлено: заявлений ${result.applications}, файлов ${result.files}.`)
  if (result.owner)
    console.log(
      `Команда запущена от root: восстановленные база и файлы переданы владельцу папки данных ` +
        `(uid ${result.owner.uid}, gid ${result.owner.gid}), чтобы сервер мог в них записывать.`,
    )
  if (result.logProblems.length) {
    for (const p of result.logProblems) console.error(p)
    process.exit(3)
  }
  console.log('Журнал регистрации заявлений цел.')
}

if (typeof require !== 'undefined' && require.main === module) {
  main().catch((error) => {
    console.error(`Восстановление не выполнено: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(error instanceof RestoreError ? 2 : 1)
  })
}
