// The hydration data of a document without the rows its tables already carry (ADR 127; the browser's half is
// app/components/rows-once.tsx). Remix writes the page's loader data into the document as `window.__remixContext =
// <serverHandoffString>`; for a route whose `handle.rowsOnce` names keys of its loader data, those arrays are replaced
// there by `{ rowsOnce: true, length }`. The render itself still gets every row.
import type { EntryContext } from '@remix-run/node'
import { ROWS_ONCE } from '#app/components/rows-once'

// Remix's handoff is `escapeHtml(JSON.stringify({ …, state: { loaderData, actionData, errors } }))` with `state` its last
// key (@remix-run/server-runtime, createServerHandoffString). Only `state` is written again; the rest is Remix's own text.
const STATE = '"state":{"loaderData":'
const ESCAPED: Record<string, string> = { '&': '\\u0026', '>': '\\u003e', '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' }

/** As Remix's `escapeHtml` for the handoff: the characters that could close the script or confuse a parser. */
function escapeForScript(json: string): string {
  return json.replace(/[&><\u2028\u2029]/g, (c) => ESCAPED[c])
}

/** The handoff of `state` as Remix writes it: exported for the test that compares the two byte for byte. */
export function stateHandoff(state: { loaderData: unknown; actionData: unknown; errors: unknown }): string {
  return escapeForScript(JSON.stringify(state))
}

/** The entry context with the rows of `handle.rowsOnce` left out of its handoff; the same context when there are none. */
export function withRowsOnce(context: EntryContext): EntryContext {
  const { loaderData, actionData, errors, matches } = context.staticHandlerContext
  // An error page's handoff carries serialised errors: left as Remix wrote it.
  if (errors) return context
  let sent: Record<string, unknown> | null = null
  for (const match of matches) {
    const keys = (context.routeModules[match.route.id]?.handle as { [ROWS_ONCE]?: string[] } | undefined)?.[ROWS_ONCE]
    const data = loaderData[match.route.id] as Record<string, unknown> | undefined
    if (!keys || !data || typeof data !== 'object') continue
    for (const key of keys) {
      const rows = data[key]
      if (!Array.isArray(rows)) continue
      sent ??= { ...loaderData }
      sent[match.route.id] = { ...(sent[match.route.id] as object), [key]: { rowsOnce: true, length: rows.length } }
    }
  }
  if (!sent) return context
  const handoff = context.serverHandoffString ?? ''
  const at = handoff.indexOf(STATE)
  // Not the shape expected (another Remix): Remix's own handoff, rows and all. rows-once.server.test.ts compares ours
  // with Remix's byte for byte where nothing is left out.
  if (at < 0 || !handoff.endsWith('"errors":null}}')) return context
  return {
    ...context,
    serverHandoffString: `${handoff.slice(0, at)}"state":${stateHandoff({ loaderData: sent, actionData, errors: null })}}`,
  }
}
