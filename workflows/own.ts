// A user-supplied name (an intent, a kind, a template, a setting key, a cell of an imported file) is looked up
// only among a table's OWN keys: `TABLE[name]` with name = 'constructor', 'valueOf' or '__proto__' would
// otherwise reach Object.prototype (a function or the prototype itself), not «unknown». Issue 13, item 2.

/** The value a plain table holds under `key` itself, or undefined (never an inherited member). */
export function own<V>(table: Readonly<Record<string, V>>, key: string | null | undefined): V | undefined {
  return key != null && Object.hasOwn(table, key) ? table[key] : undefined
}
