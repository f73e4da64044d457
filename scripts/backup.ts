// `npm run backup [-- --out DIR] [--tar] [--verify]`: the command line of app/backup/backup.server.ts (ADR 011, 025).
import path from 'node:path'
import { argValue, backup } from '../app/backup/backup.server'
import { verifyBackup } from '../app/backup/restore.server'

export * from '../app/backup/backup.server'

async function main() {
  const args = process.argv.slice(2)
  const databaseUrl = argValue(args, '--database') ?? process.env.DATABASE_URL ?? 'file:./data/app.db'
  const dataDir = argValue(args, '--data-dir') ?? process.env.DATA_DIR ?? './data'
  const outDir = argValue(args, '--out') ?? process.env.BACKUP_DIR ?? path.join(dataDir, 'backups')
  // `--verify <folder or .tar>` checks a backup made before; `--verify` alone makes one and checks it.
  const given = argValue(args, '--verify')
  let target: string
  if (given && !given.startsWith('--')) {
    target = given
  } else {
    const { dir, manifest, tarFile } = await backup({ databaseUrl, dataDir, outDir, tar: args.includes('--tar') })
    target = tarFile ?? dir
    console.log(`Резервная копия: ${target}`)
    console.log(`Заявлений: ${manifest.applications}; файлов: ${manifest.files.length}; база данных: ${manifest.database.size} байт.`)
    if (!args.includes('--verify')) return
  }
  console.log('Проверка: восстановление во временную папку…')
  const result = await verifyBackup(target)
  if (!result.ok) {
    console.error(`Проверка не пройдена (${target}):`)
    for (const p of result.problems) console.error(`  ${p}`)
    process.exit(3)
  }
  console.log(
    `Проверка пройдена: восстановлено заявлений ${result.applications}, файлов ${result.files}; число ` +
      'строк каждой таблицы, контрольные суммы файлов и цепочка журнала регистрации совпадают.',
  )
}

if (typeof require !== 'undefined' && require.main === module) {
  main().catch((error) => {
    console.error(`Резервное копирование не выполнено: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
