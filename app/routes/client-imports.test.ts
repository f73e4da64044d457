// The browser bundle replaces every `*.server` module with an empty one: a value imported from it is undefined
// in the browser. Used in a component, it renders on the server and then breaks hydration («Произошла ошибка»).
// This check follows what a route module hands to the browser — its component and other client exports, and
// every top-level declaration they reach — and fails on any `*.server` value among them. Loader and action
// (and what only they reach) may use server modules freely.
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const SERVER_ONLY_EXPORTS = new Set(['loader', 'action', 'headers'])

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(p)
    return /\.tsx?$/.test(e.name) && !/\.server\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : []
  })
}

/** Names a node refers to, skipping types, property names and (when `eagerOnly`) function bodies. */
function referencedNames(node: ts.Node, eagerOnly = false): Set<string> {
  const names = new Set<string>()
  const visit = (n: ts.Node) => {
    if (ts.isTypeNode(n) || ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) return
    if (eagerOnly && ts.isFunctionLike(n)) return
    if (ts.isIdentifier(n)) {
      const parent = n.parent
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === n) ||
        (ts.isPropertyAssignment(parent) && parent.name === n) ||
        (ts.isJsxAttribute(parent) && parent.name === n) ||
        (ts.isBindingElement(parent) && parent.propertyName === n)
      if (!isPropertyName) names.add(n.text)
    }
    ts.forEachChild(n, visit)
  }
  visit(node)
  return names
}

function isExported(node: ts.Node) {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
}

/** `*.server` values the browser bundle of this module would use: `name (from module)`. */
export function serverValuesInClientCode(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const serverValues = new Map<string, string>() // local name → module
  const declarations = new Map<string, ts.Node>() // top-level name → its declaration
  const roots: ts.Node[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const from = (statement.moduleSpecifier as ts.StringLiteral).text
      const clause = statement.importClause
      if (!/\.server$/.test(from) || !clause || clause.isTypeOnly) continue
      if (clause.name) serverValues.set(clause.name.text, from)
      const bindings = clause.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) serverValues.set(bindings.name.text, from)
      if (bindings && ts.isNamedImports(bindings))
        for (const el of bindings.elements) if (!el.isTypeOnly) serverValues.set(el.name.text, from)
      continue
    }
    if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      const name = statement.name?.text ?? 'default'
      declarations.set(name, statement)
      const isDefault = (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
      if (isExported(statement) && (isDefault || !SERVER_ONLY_EXPORTS.has(name))) roots.push(statement)
      continue
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const names = [...referencedNames(d.name)]
        for (const n of names) declarations.set(n, d)
        if (isExported(statement) && !names.some((n) => SERVER_ONLY_EXPORTS.has(n))) roots.push(d)
        // A module-level initializer runs when the bundle loads, whoever uses the variable.
        else if (d.initializer) roots.push(...[...referencedNames(d.initializer, true)].map((n) => ts.factory.createIdentifier(n)))
      }
      continue
    }
    if (ts.isExportAssignment(statement) || ts.isExpressionStatement(statement)) roots.push(statement)
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const el of statement.exportClause.elements) {
        if (SERVER_ONLY_EXPORTS.has(el.name.text)) continue
        roots.push(ts.factory.createIdentifier((el.propertyName ?? el.name).text))
      }
    }
  }
  const found = new Set<string>()
  const seen = new Set<ts.Node>()
  const queue = [...roots]
  while (queue.length) {
    const node = queue.pop()!
    if (seen.has(node)) continue
    seen.add(node)
    const names = ts.isIdentifier(node) && !node.parent ? new Set([node.text]) : referencedNames(node)
    for (const name of names) {
      const from = serverValues.get(name)
      if (from) found.add(`${name} (from ${from})`)
      const declaration = declarations.get(name)
      if (declaration && !seen.has(declaration)) queue.push(declaration)
    }
  }
  return [...found].sort()
}

describe('browser code never uses values of *.server modules', () => {
  it('the check itself finds a server value used by a component and ignores the loader’s', () => {
    const route = [
      "import { LABELS, list } from '#app/mail/inbox.server'",
      "import { getUser } from '#app/utils/auth.server'",
      "import type { Item } from '#app/mail/inbox.server'",
      'export async function loader() { await getUser(); return list() }',
      'const label = (s: string) => LABELS[s]',
      'export default function Page() { const data = useLoaderData<typeof loader>(); return <p>{label(data.status)}</p> }',
      'const lazy = () => getUser()',
    ].join('\n')
    expect(serverValuesInClientCode('fake.tsx', route)).toEqual(['LABELS (from #app/mail/inbox.server)'])
    expect(serverValuesInClientCode('fake.tsx', route.replace('LABELS[s]', 's'))).toEqual([])
    // A module-level value is computed when the bundle loads, even if nothing on the page uses it.
    expect(serverValuesInClientCode('fake.tsx', `${route.replace('LABELS[s]', 's')}\nconst eager = list()`)).toEqual([
      'list (from #app/mail/inbox.server)',
    ])
  })

  const root = path.resolve(__dirname, '..')
  const files = [...sourceFiles(path.join(root, 'routes')), ...sourceFiles(path.join(root, 'components')), path.join(root, 'root.tsx')]
  it.each(files.map((f) => [path.relative(root, f), f]))('%s', (_name, file) => {
    expect(serverValuesInClientCode(file)).toEqual([])
  })
})
