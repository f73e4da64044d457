// The import graph's up-layer edges (issue 20.5, ADR 062). Layers, lowest first:
//   workflows/ (pure rules: imports nothing of app/) < app/models/ (reads) < app/operations/ and app/jobs/ < app/routes/.
// A module may import its own layer or a lower one. app/utils/ (infrastructure) imports no operation, job or route.
// What counts is a value import of a server module (`*.server`) of a higher layer, or any import of a route: those
// carry behaviour. Pure definition modules without `.server` (schemas, labels, error classes, payload schemas) are
// shared vocabulary and may be read from any layer of app/ (not from workflows/). No module of the app is imported
// for its side effects only (ADR 018): it would register nothing in the production build. Tests are not checked.
// Usage: `npx tsx scripts/import-layers.ts` prints the offending edges and exits 1 when there are any.
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const ROOT = path.resolve(__dirname, '..')

type Layer = 'workflows' | 'models' | 'operations' | 'jobs' | 'routes' | 'utils' | 'other'
const RANK: Partial<Record<Layer, number>> = { workflows: 0, models: 1, operations: 2, jobs: 2, routes: 3 }

export type Edge = { from: string; to: string; line: number; why: string }
type Import = { spec: string; line: number; typeOnly: boolean; bare: boolean }

function layerOf(rel: string): Layer {
  if (rel.startsWith('workflows/')) return 'workflows'
  const m = /^app\/(models|operations|jobs|routes|utils)\//.exec(rel)
  return m ? (m[1] as Layer) : 'other'
}

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'generated' || entry.name === 'node_modules') continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* sources(full)
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full
  }
}

/** The repository-relative file an import names, or null for packages. */
function resolve(fromFile: string, spec: string): string | null {
  let base: string
  if (spec.startsWith('#app/')) base = path.join(ROOT, 'app', spec.slice(5))
  else if (spec.startsWith('#workflows/')) base = path.join(ROOT, 'workflows', spec.slice(11))
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(fromFile), spec)
  else return null
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(ROOT, candidate)
  }
  return path.relative(ROOT, base)
}

/** Imports of one file: specifier, line, and whether only types are imported (erased at build). */
export function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const found: Import[] = []
  const lineOf = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart()).line + 1
  const visit = (node: ts.Node) => {
    const declaration = ts.isImportDeclaration(node) || ts.isExportDeclaration(node)
    if (declaration && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null
      const allTypes = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)))
      const typeOnly = ts.isImportDeclaration(node) ? allTypes : node.isTypeOnly
      found.push({
        spec: node.moduleSpecifier.text,
        line: lineOf(node),
        typeOnly,
        bare: ts.isImportDeclaration(node) && !node.importClause,
      })
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ spec: node.arguments[0].text, line: lineOf(node), typeOnly: false, bare: false })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Why an import from → to runs up a layer, or null when it is allowed. */
export function upLayer(from: string, to: string, typeOnly: boolean): string | null {
  const a = layerOf(from)
  const b = layerOf(to)
  if (a === 'workflows') return b === 'workflows' || !to.startsWith('app/') ? null : 'workflows/ is pure: it imports nothing of app/'
  if (b === 'routes' && a !== 'routes') return 'only routes import routes'
  if (typeOnly || !/\.server\.tsx?$/.test(to)) return null
  if (a === 'utils' && (b === 'operations' || b === 'jobs')) return `app/utils/ imports no ${b}`
  const ra = RANK[a]
  const rb = RANK[b]
  if (ra !== undefined && rb !== undefined && rb > ra) return `${a} (layer ${ra}) imports ${b} (layer ${rb})`
  return null
}

export function upLayerImports(): Edge[] {
  const edges: Edge[] = []
  for (const dir of ['workflows', 'app']) {
    for (const file of sources(path.join(ROOT, dir))) {
      const from = path.relative(ROOT, file)
      for (const imp of importsOf(file)) {
        const to = resolve(file, imp.spec)
        if (!to) continue
        // ADR 018: a module imported for its side effects alone is dropped by the production build.
        const why = imp.bare && !/\.css$/.test(to) ? 'imported for its side effects only (ADR 018)' : upLayer(from, to, imp.typeOnly)
        if (why) edges.push({ from: `${from}:${imp.line}`, to, line: imp.line, why })
      }
    }
  }
  return edges
}

if (require.main === module) {
  const edges = upLayerImports()
  for (const e of edges) console.log(`${e.from} → ${e.to}  (${e.why})`)
  console.log(edges.length ? `${edges.length} up-layer imports` : 'no up-layer imports')
  process.exit(edges.length ? 1 : 0)
}
