// `npm run migrate-to-postgres -- --to postgresql://… [--from file:…|path] [--data-dir DIR] (--data-to DIR |
// --shared-data-dir) [--append] [--verify]`: moves one school from its SQLite file to PostgreSQL and verifies the
// move (app/backup/to-postgres.server.ts, ADR 054). Exit codes: 0 moved and verified, 1 refused or failed (the
// target is left as it was), 3 the copy did not verify (rolled back; with --verify: the target differs).
import { argValue } from '../app/backup/backup.server'
import { MoveError, moveToPostgres, verifyExistingMove, type MoveReport } from '../app/backup/to-postgres.server'

function usage(): never {
  console.error(`Перенос школы из SQLite в PostgreSQL:
  npm run migrate-to-postgres -- --to postgresql://роль:пароль@сервер:5432/база [--from file:./data/app.db]
      [--data-dir ./data] (--data-to /srv/spravka/data | --shared-data-dir) [--append] [--verify]
  --from             файл базы SQLite (по умолчанию DATABASE_URL, если он file:…)
  --data-dir         папка файлов школы (по умолчанию DATA_DIR или ./data)
  --data-to          скопировать файлы школы в эту папку (общую для всех экземпляров)
  --shared-data-dir  папка DATA_DIR уже общая: файлы не копируются, а проверяются на месте
  --append           в базе уже есть другие школы: добавить эту (любой конфликт отменяет весь перенос)
  --verify           только проверить сделанный ранее перенос`)
  process.exit(1)
}

function print(report: MoveReport) {
  for (const t of report.tables) if (t.source || t.target) console.log(`  ${t.table}: ${t.source} → ${t.target}`)
  if (report.ok) {
    console.log(
      'Перенос проверен: число строк всех таблиц совпадает, цепочка журнала регистрации ' +
        `цела (записей: ${report.logRows}), файлов проверено: ${report.files}.`,
    )
  } else {
    console.error('Проверка переноса не пройдена:')
    for (const p of report.problems) console.error(`  ${p}`)
  }
}

async function main() {
  const args = process.argv.slice(2)
  if (args.includes('--help') || args.includes('-h')) usage()
  const envUrl = process.env.DATABASE_URL
  const from = argValue(args, '--from') ?? (envUrl?.startsWith('file:') ? envUrl : undefined)
  const to = argValue(args, '--to')
  if (!from || !to) usage()
  const dataDir = argValue(args, '--data-dir') ?? process.env.DATA_DIR ?? './data'
  const dataTo = argValue(args, '--data-to') ?? null
  if (args.includes('--verify')) {
    const report = await verifyExistingMove({ from, to, dataDir, dataTo })
    print(report)
    process.exit(report.ok ? 0 : 3)
  }
  const report = await moveToPostgres({
    from,
    to,
    dataDir,
    dataTo,
    sharedDataDir: args.includes('--shared-data-dir'),
    append: args.includes('--append'),
    log: console.log,
  })
  print(report)
  if (!report.ok)
    console.error(
      report.committed
        ? 'Строки записаны в PostgreSQL, но проверка после записи не пройдена: не запускайте экземпляры на этой базе, выясните причину.'
        : 'Перенос отменён: база PostgreSQL оставлена как была.',
    )
  else
    console.log(`Готово. Запустите экземпляры с DATABASE_URL=${to.replace(/:[^:@/]*@/, ':***@')}${dataTo ? ` и DATA_DIR=${dataTo}` : ''}.`)
  process.exit(report.ok ? 0 : 3)
}

main().catch((error) => {
  console.error(
    error instanceof MoveError
      ? `Перенос не выполнен: ${error.message}`
      : `Перенос не выполнен: ${error instanceof Error ? error.stack : String(error)}`,
  )
  process.exit(1)
})
