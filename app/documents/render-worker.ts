// A render thread of ./render-pool.server.ts: fills templates with data and sends the .docx back.
// The pool sends a template's bytes the first time this thread sees it; later tasks name it by key.
import { parentPort } from 'node:worker_threads'
import { renderDocx, TemplateError } from './render.server'
import type { RenderReply, RenderRequest } from './render-pool.server'

const MAX_TEMPLATES = 32
const templates = new Map<string, Buffer>() // Map order = recency

function post(reply: RenderReply, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(reply, transfer)
}

parentPort?.on('message', (task: RenderRequest) => {
  if (task.template) {
    templates.set(task.key, Buffer.from(task.template.buffer, task.template.byteOffset, task.template.byteLength))
    if (templates.size > MAX_TEMPLATES) templates.delete(templates.keys().next().value as string)
  }
  const template = templates.get(task.key)
  if (!template) return post({ id: task.id, missing: true }) // evicted here: the pool sends it again
  templates.delete(task.key)
  templates.set(task.key, template)
  try {
    const docx = renderDocx(template, task.data, task.name)
    // Hand the bytes over without a copy when the document owns its whole ArrayBuffer (it does above 4 KB).
    const own = docx.byteOffset === 0 && docx.byteLength === docx.buffer.byteLength
    const bytes = own ? docx : Uint8Array.prototype.slice.call(docx)
    post({ id: task.id, docx: bytes }, [bytes.buffer as ArrayBuffer])
  } catch (e) {
    const error =
      e instanceof TemplateError
        ? { name: 'TemplateError', message: e.message, issues: e.issues, templateName: e.templateName }
        : { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) }
    post({ id: task.id, error })
  }
})

post({ ready: true })
