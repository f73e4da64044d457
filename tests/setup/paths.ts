import path from 'node:path'

export const TMP_DIR = path.resolve(__dirname, '..', '.tmp')
