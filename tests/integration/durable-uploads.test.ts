// A power cut after an application was accepted keeps its documents: the scan's bytes and its name (the folder
// entry) are fsync'd before stageUpload returns, i.e. before the application's row commits; so are a received
// letter's files.
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-durable-uploads-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { overrideMailSettings } from '#app/mail/config.server'
import { storeRaw } from '#app/mail/inbound-files.server'
import { stageUpload } from '#app/utils/uploads.server'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

/** Paths whose handle was fsync'd, in order. */
function recordSyncs(): string[] {
  const synced: string[] = []
  const open = fsp.open.bind(fsp)
  vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
    const handle = await open(...args)
    const sync = handle.sync.bind(handle)
    handle.sync = async () => {
      await sync()
      synced.push(path.resolve(String(args[0])))
    }
    return handle
  })
  return synced
}

afterEach(() => vi.restoreAllMocks())
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('an uploaded document is on the disk before its application is accepted', () => {
  it('the file, its month folder and the folders made for it are fsync’d', async () => {
    const synced = recordSyncs()
    const staged = await stageUpload(PDF, 'скан.pdf', 'scan')
    const full = path.resolve(dataDir, staged.storagePath)
    expect(fs.readFileSync(full)).toEqual(PDF)
    expect(synced).toContain(full)
    expect(synced).toContain(path.dirname(full)) // the file's name
    expect(synced).toContain(path.resolve(dataDir, 'uploads')) // the month folder's name, made for it
    expect(synced.indexOf(full)).toBeLessThan(synced.lastIndexOf(path.dirname(full)))
  })

  it('a received letter’s raw file: bytes and name alike', async () => {
    const mailDir = path.join(dataDir, 'mail-store')
    fs.mkdirSync(mailDir, { recursive: true })
    overrideMailSettings({ dataDir: mailDir })
    const synced = recordSyncs()
    const relative = await storeRaw(Buffer.from('Subject: test\r\n\r\nтекст\r\n'), new Date('2026-12-07T00:00:00Z'))
    const full = path.resolve(mailDir, relative)
    expect(fs.existsSync(full)).toBe(true)
    expect(synced).toContain(path.dirname(full))
  })
})
