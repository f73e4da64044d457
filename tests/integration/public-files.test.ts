// The production server's public files (server/public-files.js, ADR 117): a favicon is served as before; a page's path
// is not looked for in public/ at all, it goes straight on to the next handler (Remix).
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import express from 'express'
import { afterAll, describe, expect, it } from 'vitest'

const { publicFiles } = createRequire(import.meta.url)('../../server/public-files.js') as {
  publicFiles: (root: string, options?: object) => express.RequestHandler
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'public-files-'))
fs.writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
// A file named as a page: public/ never holds one, and a page's path must not be answered from the disk.
fs.mkdirSync(path.join(root, 'staff'))
fs.writeFileSync(path.join(root, 'staff', 'applications'), 'not a page')

const app = express()
app.use(publicFiles(root, { maxAge: '1h' }))
app.use((req, res) => res.status(200).send(`next: ${req.path}`))
const server = app.listen(0, '127.0.0.1')
const base = new Promise<string>((resolve) =>
  server.once('listening', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
)
afterAll(() => {
  server.close()
  fs.rmSync(root, { recursive: true, force: true })
})

describe('public files', () => {
  it('serves a favicon with its caching, and sends a page’s path on without looking on the disk', async () => {
    const icon = await fetch(`${await base}/favicon.svg`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600')
    expect(await icon.text()).toContain('<svg')
    expect(await (await fetch(`${await base}/staff/applications`)).text()).toBe('next: /staff/applications')
    // A missing file with an extension goes on too, as express.static's own fall-through does.
    expect(await (await fetch(`${await base}/robots.txt`)).text()).toBe('next: /robots.txt')
  })
})
