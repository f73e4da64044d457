// One walk of a role's pages for the specs that read every page (axe-crawl, page-words): breadth first over the
// links of each page in Chromium (hydrated, as a person sees them), GET pages only, nothing clicked or sent. A page that
// differs from another only by an id (/staff/applications/<id>, /staff/pupils/<id>) is one page, checked once.
import type { Page } from '@playwright/test'

/** Links that are not pages: files, downloads, the sign-out, the browser's own assets. */
const NOT_A_PAGE = new RegExp(
  String.raw`^\/(build|logout|favicon|healthz)|\.(css|svg|docx|pdf|png|jpg|xlsx|csv|eml|zip|json|xml)$|download|` +
    String.raw`\/documents\/|\/uploads\/|\/files\/|\/file$|\/export|\/docx$`,
)

/** One page per shape: path segments that carry an id or a number become «:id». */
const shapeOf = (path: string) =>
  path
    .split('/')
    .map((s) => (/\d/.test(s) || s.length >= 20 ? ':id' : s))
    .join('/')

/**
 * Visits every page shape reachable by links from `start` (at most `max`) and runs `check` on each; returns the pages
 * visited and, per page, what `check` found. A page that sent the visitor elsewhere (to /login, to the role's home) is
 * checked under the address it landed on, once.
 */
export async function crawlPages(page: Page, start: string[], max: number, check: (page: Page) => Promise<string[]>) {
  const shapes = new Set<string>()
  const visited: string[] = []
  const findings: Record<string, string[]> = {}
  const queue = [...start]
  while (queue.length && visited.length < max) {
    const path = queue.shift()!
    if (shapes.has(shapeOf(path))) continue
    shapes.add(shapeOf(path))
    const response = await page.goto(path).catch(() => null)
    if (!response || !(response.headers()['content-type'] ?? '').startsWith('text/html')) continue
    const landed = new URL(page.url()).pathname
    if (landed !== path) {
      if (shapes.has(shapeOf(landed))) continue
      shapes.add(shapeOf(landed))
    }
    await page.waitForLoadState('networkidle')
    visited.push(landed)
    const found = await check(page)
    if (found.length) findings[landed] = [...new Set(found)]
    const links = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))
    for (const link of links) if (!NOT_A_PAGE.test(link) && !shapes.has(shapeOf(link))) queue.push(link)
  }
  return { visited, findings }
}
