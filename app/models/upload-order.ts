// The order an application's files are shown in, on every page that lists them (the inbox, the employee's page, the
// parent's status page).

/** The number a letter's stored file name begins with («uploads/mail/<id>/10-…» is page 10); none: after all. */
const position = (storagePath: string) => Number(/(\d+)-[^/]*$/.exec(storagePath)?.[1] ?? Number.MAX_SAFE_INTEGER)

/**
 * Files in the order they were given: by time, and a letter's files — saved in one transaction, with one time on
 * PostgreSQL — by their number in the letter («10-…» after «9-…», not after «1-…»), then by path.
 */
export function inUploadOrder<T extends { createdAt: Date; storagePath: string }>(uploads: T[]): T[] {
  return [...uploads].sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      position(a.storagePath) - position(b.storagePath) ||
      a.storagePath.localeCompare(b.storagePath),
  )
}
