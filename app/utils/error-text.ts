/**
 * An error's words and its code (Prisma's P…, a driver's SQLITE_…, a system call's ENOSPC) in one string, which the
 * checks of the database's state read (db.server.ts: busy, locked, unreachable; disk-full.server.ts; the database away).
 */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : String(error)
}
