import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')
const README = path.join(ROOT, 'bench', 'README.md')

/** Replaces only the `## name` section of bench/README.md (or appends it); the other sections stay as they are. */
export function writeReadmeSection(name: string, section: string): void {
  const old = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : '# Benchmarks\n'
  const re = new RegExp(`## ${name}\\n[\\s\\S]*?(?=\\n## |\\s*$)`)
  const next = re.test(old) ? old.replace(re, section.trimEnd()) : `${old.trimEnd()}\n\n${section}`
  fs.writeFileSync(README, `${next.trimEnd()}\n`)
  console.log(`Записано в ${path.relative(ROOT, README)}`)
}
