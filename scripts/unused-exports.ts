// Exports of app/ and workflows/ that no other file imports (issue 20.10, a ts-prune in the small): read with the
// TypeScript compiler's parser, no type checking. `npx tsx scripts/unused-exports.ts` lists them;
// `--fix` drops the `export` keyword of those the file itself still uses (the rest are dead code to delete by hand).
// Route modules' conventional exports (loader, action, meta, default …) are used by Remix, not imported.
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const ROOT = path.resolve(__dirname, '..')
const CHECKED = ['app', 'workflows']
const IMPORTERS = ['app', 'workflows', 'tests', 'scripts', 'prisma', 'bench']
const REMIX = new Set([
  'default',
  'loader',
  'action',
  'meta',
  'links',
  'headers',
  'handle',
  'ErrorBoundary',
  'shouldRevalidate',
  'clientLoader',
  'clientAction',
])

function* sources(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['generated', 'node_modules', 'out', '.tmp'].includes(entry.name) || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* sources(full)
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full
  }
}

function resolve(fromFile: string, spec: string): string | null {
  let base: string
  if (spec.startsWith('#app/')) base = path.join(ROOT, 'app', spec.slice(5))
  else if (spec.startsWith('#workflows/')) base = path.join(ROOT, 'workflows', spec.slice(11))
  else if (spec.startsWith('#tests/')) base = path.join(ROOT, 'tests', spec.slice(7))
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(fromFile), spec)
  else return null
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c
  }
  return null
}

type Declared = { name: string; node: ts.Node; keyword: ts.Node }

/** Names a file exports through `export` on a top-level declaration (what --fix can drop). */
function declaredExports(source: ts.SourceFile): Declared[] {
  const out: Declared[] = []
  for (const st of source.statements) {
    const modifiers = ts.canHaveModifiers(st) ? (ts.getModifiers(st) ?? []) : []
    const keyword = modifiers.find((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    if (!keyword || modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) continue
    if (ts.isVariableStatement(st)) {
      const names = st.declarationList.declarations.map((d) => (ts.isIdentifier(d.name) ? d.name.text : null))
      if (names.length === 1 && names[0]) out.push({ name: names[0], node: st, keyword })
    } else if (
      (ts.isFunctionDeclaration(st) ||
        ts.isClassDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isEnumDeclaration(st)) &&
      st.name
    ) {
      out.push({ name: st.name.text, node: st, keyword })
    }
  }
  return out
}

export function unusedExports() {
  const used = new Map<string, Set<string>>() // file → names imported by other files ('*': all)
  const mark = (file: string, name: string) => (used.get(file) ?? used.set(file, new Set()).get(file)!).add(name)
  const parsed = new Map<string, ts.SourceFile>()
  for (const dir of IMPORTERS) {
    for (const file of sources(path.join(ROOT, dir))) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
      parsed.set(file, source)
      const visit = (node: ts.Node) => {
        if (
          (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
          node.moduleSpecifier &&
          ts.isStringLiteral(node.moduleSpecifier)
        ) {
          const target = resolve(file, node.moduleSpecifier.text)
          if (target) {
            if (ts.isImportDeclaration(node)) {
              const clause = node.importClause
              if (!clause) mark(target, '*')
              if (clause?.name) mark(target, 'default')
              const b = clause?.namedBindings
              if (b && ts.isNamespaceImport(b)) mark(target, '*')
              if (b && ts.isNamedImports(b)) for (const el of b.elements) mark(target, (el.propertyName ?? el.name).text)
            } else if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) mark(target, '*')
            else for (const el of node.exportClause.elements) mark(target, (el.propertyName ?? el.name).text)
          }
        } else if (
          ts.isCallExpression(node) &&
          node.arguments[0] &&
          ts.isStringLiteral(node.arguments[0]) &&
          (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
        ) {
          const target = resolve(file, node.arguments[0].text)
          if (target) mark(target, '*')
        }
        ts.forEachChild(node, visit)
      }
      visit(source)
    }
  }
  const found: { file: string; name: string; usedInFile: boolean; decl: Declared }[] = []
  for (const dir of CHECKED) {
    for (const file of sources(path.join(ROOT, dir))) {
      // Tests, and Remix's entry modules (server.js reads the built entry's exports).
      if (/\.test\.tsx?$/.test(file) || /app[\\/](root|entry\.(client|server))\.tsx$/.test(file)) continue
      const names = used.get(file) ?? new Set<string>()
      if (names.has('*')) continue
      const source = parsed.get(file)!
      const isRoute = file.includes(`${path.sep}routes${path.sep}`)
      for (const decl of declaredExports(source)) {
        if (names.has(decl.name) || (isRoute && REMIX.has(decl.name))) continue
        // Uses in the file besides the declaration; one only under `typeof` keeps the export (ESLint: a value used
        // only as a type is unused).
        const name = decl.name.replace(/\$/g, '\\$')
        const occurrences = source.text.match(new RegExp(`(?<![\\w$])(?<!typeof )(?<![^.]\\.)${name}(?![\\w$])`, 'g'))?.length ?? 0
        found.push({ file: path.relative(ROOT, file), name: decl.name, usedInFile: occurrences > 1, decl })
      }
    }
  }
  return found
}

if (require.main === module) {
  const found = unusedExports()
  const fix = process.argv.includes('--fix')
  const byFile = new Map<string, typeof found>()
  for (const f of found) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f)
  for (const [file, list] of byFile) {
    for (const f of list) console.log(`${file}: ${f.name}${f.usedInFile ? '' : '  (not used in the file either)'}`)
    if (!fix) continue
    const abs = path.join(ROOT, file)
    let text = fs.readFileSync(abs, 'utf8')
    // From the end, so earlier positions stay valid.
    for (const f of list.filter((x) => x.usedInFile).sort((a, b) => b.decl.keyword.getStart() - a.decl.keyword.getStart())) {
      const start = f.decl.keyword.getStart()
      text = text.slice(0, start) + text.slice(f.decl.keyword.getEnd()).replace(/^\s/, '')
    }
    fs.writeFileSync(abs, text)
  }
  const local = found.filter((f) => f.usedInFile).length
  console.log(
    `${found.length} exports nobody imports: ${local} used in their own ` +
      `file${fix ? ' (export dropped)' : ''}, ${found.length - local} unused`,
  )
}
