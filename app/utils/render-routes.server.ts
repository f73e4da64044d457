// The route tree a page's render is given (ADR 122). Remix's RemixServer builds server routes for every route of the
// manifest at every render (createServerRoutes, 86 routes here), React Router converts them to data routes and flattens
// and ranks the whole tree to match the URL again, and the initial manifest of lazy route discovery (getPartialManifest)
// flattens and ranks it once more for each parent path of the URL: ≈ 8 % of an e-diary view's CPU. What the render
// needs of the tree is only the routes that initial manifest names — the matched routes and what each parent path
// matches — so the render is handed a manifest of those routes alone, found once per shape of URL and kept.
import type { EntryContext } from '@remix-run/node'
import { matchRoutes } from '@remix-run/react'

type Routes = EntryContext['manifest']['routes']
type Node = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Node[] }
type RouteTree = Parameters<typeof matchRoutes>[0]
type Kept = { tree: Node[]; literals: Set<string>; subsets: Map<string, Routes> }

/** Shapes of URL kept per build (a new one clears the lot: a bound, not an LRU — there are only a few hundred). */
const MAX_SHAPES = 1000
const builds = new WeakMap<Routes, Kept>()

function keptFor(routes: Routes): Kept {
  let kept = builds.get(routes)
  if (kept) return kept
  const byParent = new Map<string, Node[]>()
  const literals = new Set<string>()
  const nodes = new Map<string, Node>()
  for (const route of Object.values(routes)) {
    const node: Node = { id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive }
    nodes.set(route.id, node)
    const siblings = byParent.get(route.parentId ?? '') ?? []
    siblings.push(node)
    byParent.set(route.parentId ?? '', siblings)
    // Static segments of every route path («staff», «api», «v1»…): a URL segment equal to none of them (React Router
    // compares them case-insensitively) matches only dynamic segments and splats, whatever its value.
    for (const segment of (route.path ?? '').split('/'))
      if (segment && !segment.startsWith(':') && segment !== '*') literals.add(segment.replace(/\?$/, '').toLowerCase())
  }
  for (const [parentId, children] of byParent) {
    const parent = nodes.get(parentId)
    if (parent) parent.children = children
  }
  kept = { tree: byParent.get('') ?? [], literals, subsets: new Map() }
  builds.set(routes, kept)
  return kept
}

/** The URL with every segment that is no static segment of any route replaced: URLs of one shape match alike. */
function shapeOf(pathname: string, literals: Set<string>): string {
  return pathname
    .split('/')
    .map((segment) => {
      if (!segment) return segment
      let decoded: string
      try {
        decoded = decodeURIComponent(segment)
      } catch {
        return `=${segment}` // React Router keeps a segment it cannot decode as it is: so does the key
      }
      return literals.has(decoded.toLowerCase()) ? `=${segment}` : '*'
    })
    .join('/')
}

/**
 * The routes of the manifest the page's render uses: those its matches and the initial manifest of lazy route
 * discovery name, with their ancestors, in the manifest's order — the same HTML (render-routes.server.test.ts renders
 * every route of the app both ways).
 */
export function routesForRender(context: EntryContext): Routes {
  const { routes } = context.manifest
  const kept = keptFor(routes)
  const { location, matches, basename } = context.staticHandlerContext
  const matched = matches.map((m) => m.route.id)
  const key = `${basename ?? ''}\n${shapeOf(location.pathname, kept.literals)}\n${matched.join('\n')}`
  let subset = kept.subsets.get(key)
  if (subset) return subset
  // What getPartialManifest (@remix-run/react, fog-of-war) names: the matches, and the matches of each parent path.
  const ids = new Set(matched)
  const segments = location.pathname.split('/').filter(Boolean)
  segments.pop()
  const paths = ['/']
  for (; segments.length > 0; segments.pop()) paths.push(`/${segments.join('/')}`)
  for (const path of paths)
    for (const m of matchRoutes(kept.tree as RouteTree, path, basename ?? '/') ?? []) if (m.route.id) ids.add(m.route.id)
  for (const id of [...ids]) {
    for (let parent = routes[id]?.parentId; parent !== undefined && !ids.has(parent); parent = routes[parent]?.parentId) ids.add(parent)
  }
  subset = {}
  for (const [id, route] of Object.entries(routes)) if (ids.has(id)) subset[id] = route
  if (kept.subsets.size >= MAX_SHAPES) kept.subsets.clear()
  kept.subsets.set(key, subset)
  return subset
}

/** The entry context with the manifest narrowed for the render (the loaders' data and the router state as they are). */
export function contextForRender(context: EntryContext): EntryContext {
  return { ...context, manifest: { ...context.manifest, routes: routesForRender(context) } }
}
