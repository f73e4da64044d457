/** Upload limits of the import (docs/import.md): larger school data go in several files. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024
export const MAX_ROWS = 50_000
