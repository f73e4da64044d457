// Word documents rendered on worker threads: a batch (the meeting kit, a run of extracts) uses every core, and a
// year-long extract never holds up the web requests served by the main thread. ADR 012.
//
// - Threads start on the first document and stay (unreferenced, so they never keep a script alive); each keeps
//   the templates it has seen, so a template's bytes cross once per thread, then only the data does.
// - Each thread gets up to two documents at a time, so it never waits for the next message between them.
// - A thread that dies mid-document is replaced and the document retried once on another; a thread that cannot
//   even start (the loader missing, say) switches the pool to rendering here, in this thread, with a warning.
// - Data that cannot cross to a thread (functions, class instances) is rendered here as well.
// RENDER_THREADS sets the size (0 = always in this thread); by default one thread per core, at most four.
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { getEnv } from '#app/utils/env.server'
import { renderDocx, sha256, TemplateError, type TemplateIssue } from './render.server'

export interface RenderRequest {
  id: number
  key: string
  name?: string
  data: object
  template?: Uint8Array
}

export type RenderReply =
  | { ready: true; id?: undefined }
  | { id: number; docx: Uint8Array }
  | { id: number; missing: true }
  | { id: number; error: { name: string; message: string; issues?: TemplateIssue[]; templateName?: string } }

interface Task {
  id: number
  key: string
  name?: string
  template: Buffer
  data: object
  attempts: number
  resolve(docx: Buffer): void
  reject(error: Error): void
}

interface Slot {
  worker: Worker
  started: boolean
  known: Set<string>
  inFlight: Map<number, Task>
  /** Settles when the thread has loaded the renderer, or has exited before that. */
  ready: Promise<void>
  markReady(): void
}

const PER_THREAD = 2
const MAX_ATTEMPTS = 2
const DEFAULT_WORKER_FILE = join(process.cwd(), 'app', 'documents', 'render-worker.ts')

interface RenderPoolOptions {
  threads: number
  /** The thread's entry (TypeScript, loaded through tsx as the rest of the server is). */
  workerFile?: string
}

export class RenderPool {
  readonly threads: number
  private readonly workerFile: string
  private readonly slots: Slot[] = []
  private readonly queue: Task[] = []
  private nextId = 1
  private inThisThread = false
  private closed = false
  private readonly perThread = new Map<number, number>()

  constructor(options: RenderPoolOptions) {
    this.threads = Math.max(0, Math.floor(options.threads))
    this.workerFile = options.workerFile ?? DEFAULT_WORKER_FILE
  }

  /** True once the pool renders in the calling thread (no threads configured, or they could not start). */
  get rendersHere(): boolean {
    return this.threads === 0 || this.inThisThread || this.closed
  }

  /** How many documents each thread has rendered (threads in the order they started). */
  documentsPerThread(): number[] {
    return [...this.perThread.values()]
  }

  /** Fills `template` with `data` (as renderDocx does) on a render thread. */
  render(template: Buffer, data: object, name?: string): Promise<Buffer> {
    return this.enqueue(templateKey(template, name), template, data, name)
  }

  /** One document per item, in the items' order; `onProgress(done, total)` after each finished document. */
  renderMany(template: Buffer, items: object[], name?: string, onProgress?: (done: number, total: number) => void): Promise<Buffer[]> {
    const key = templateKey(template, name) // hashed once for the whole batch
    let done = 0
    return Promise.all(
      items.map((data) =>
        this.enqueue(key, template, data, name).then((docx) => {
          onProgress?.(++done, items.length)
          return docx
        }),
      ),
    )
  }

  /**
   * Starts every thread now and waits until each has loaded the renderer (otherwise a thread starts with its first
   * document). Resolves at once when the pool renders in this thread.
   */
  async start(): Promise<void> {
    if (this.rendersHere) return
    while (this.slots.length < this.threads) this.spawn()
    await Promise.all(this.slots.map((slot) => slot.ready))
  }

  /** Stops the threads; documents they had not finished, and any asked for later, are rendered in this thread. */
  async close(): Promise<void> {
    this.closed = true
    const slots = this.slots.splice(0)
    for (const s of slots) {
      this.queue.unshift(...s.inFlight.values())
      s.inFlight.clear()
    }
    await Promise.all(slots.map((s) => s.worker.terminate()))
    this.pump()
  }

  private enqueue(key: string, template: Buffer, data: object, name?: string): Promise<Buffer> {
    if (this.rendersHere) return renderHere(template, data, name)
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, key, name, template, data, attempts: 0, resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    while (this.queue.length > 0) {
      if (this.rendersHere) {
        for (const task of this.queue.splice(0)) settle(task, renderHere(task.template, task.data, task.name))
        return
      }
      const slot = this.pickSlot()
      if (!slot) return
      this.send(slot, this.queue.shift() as Task)
    }
  }

  private pickSlot(): Slot | undefined {
    let best: Slot | undefined
    for (const s of this.slots) if (s.inFlight.size < PER_THREAD && (!best || s.inFlight.size < best.inFlight.size)) best = s
    if ((!best || best.inFlight.size > 0) && this.slots.length < this.threads) return this.spawn()
    return best
  }

  private spawn(): Slot {
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(this.workerFile)})`, { eval: true })
    let markReady = () => {}
    const ready = new Promise<void>((resolve) => {
      markReady = resolve
    })
    const slot: Slot = { worker, started: false, known: new Set(), inFlight: new Map(), ready, markReady }
    worker.on('message', (reply: RenderReply) => this.onReply(slot, reply))
    worker.on('error', (error) => this.onExit(slot, error))
    worker.on('exit', (code) => this.onExit(slot, new Error(`поток формирования документов завершился с кодом ${code}`)))
    this.slots.push(slot)
    return slot
  }

  private send(slot: Slot, task: Task): void {
    const first = !slot.known.has(task.key)
    const request: RenderRequest = {
      id: task.id,
      key: task.key,
      name: task.name,
      data: task.data,
      template: first ? task.template : undefined,
    }
    try {
      slot.worker.postMessage(request)
    } catch {
      // DataCloneError: the data holds something a thread cannot receive.
      settle(task, renderHere(task.template, task.data, task.name))
      return
    }
    slot.known.add(task.key)
    slot.inFlight.set(task.id, task)
    slot.worker.ref()
  }

  private onReply(slot: Slot, reply: RenderReply): void {
    if ('ready' in reply) {
      slot.started = true
      slot.markReady()
      if (slot.inFlight.size === 0) slot.worker.unref()
      return
    }
    const task = slot.inFlight.get(reply.id)
    if (!task) return
    slot.inFlight.delete(reply.id)
    if (slot.inFlight.size === 0) slot.worker.unref()
    if ('missing' in reply) {
      slot.known.delete(task.key)
      this.queue.unshift(task)
    } else if ('error' in reply) {
      const e = reply.error
      task.reject(
        e.name === 'TemplateError'
          ? new TemplateError(e.issues ?? [], e.templateName)
          : Object.assign(new Error(e.message), { name: e.name }),
      )
    } else {
      this.perThread.set(slot.worker.threadId, (this.perThread.get(slot.worker.threadId) ?? 0) + 1)
      task.resolve(Buffer.from(reply.docx.buffer, reply.docx.byteOffset, reply.docx.byteLength))
    }
    this.pump()
  }

  private onExit(slot: Slot, error: Error): void {
    const i = this.slots.indexOf(slot)
    if (i < 0) return // already handled (an 'error' is followed by 'exit')
    this.slots.splice(i, 1)
    slot.markReady()
    if (!slot.started) {
      this.inThisThread = true
      console.warn(`Потоки формирования документов не запустились (${error.message}); документы формируются в основном потоке.`)
    }
    for (const task of slot.inFlight.values()) {
      if (++task.attempts < MAX_ATTEMPTS || this.inThisThread) this.queue.unshift(task)
      else task.reject(new Error(`Документ не сформирован: ${error.message}`))
    }
    slot.inFlight.clear()
    this.pump()
  }
}

const templateKey = (template: Buffer, name?: string) => `${name ?? ''}:${sha256(template)}`

function renderHere(template: Buffer, data: object, name?: string): Promise<Buffer> {
  return new Promise((resolve) => resolve(renderDocx(template, data, name)))
}

function settle(task: Task, result: Promise<Buffer>): void {
  result.then(task.resolve, task.reject)
}

let shared: RenderPool | undefined

/** The server's pool (RENDER_THREADS threads; by default one per core, at most four). */
export function renderPool(): RenderPool {
  shared ??= new RenderPool({ threads: getEnv().RENDER_THREADS ?? Math.min(4, availableParallelism()) })
  return shared
}
