// Starts `npm start` on its own fresh database file for the end-to-end run (PORT and DATABASE_URL honoured).
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const db = path.join(root, 'tests', '.tmp', `e2e-${process.env.E2E_PORT}.db`)
fs.mkdirSync(path.dirname(db), { recursive: true })
for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(db + s, { force: true })
fs.rmSync(path.join(root, 'tests', '.tmp', `e2e-data-${process.env.E2E_PORT}`), { recursive: true, force: true })
const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: process.env.E2E_PORT,
    DATABASE_URL: `file:${db}`,
    DATA_DIR: path.join(root, 'tests', '.tmp', `e2e-data-${process.env.E2E_PORT}`),
    WORKER_INTERVAL_SECONDS: '1',
  },
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
