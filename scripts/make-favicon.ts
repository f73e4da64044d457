// public/favicon.ico — the icon of public/favicon.svg (a blue square with a white «8») for browsers that ask for
// /favicon.ico whatever the page says (error pages, plain-text responses). Run: npx tsx scripts/make-favicon.ts
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const SIZE = 32
const BLUE = [0x1f, 0x4e, 0x9c]
// «8» on a 5×7 grid, drawn 3× larger in the middle of the square.
const EIGHT = ['01110', '10001', '10001', '01110', '10001', '10001', '01110']
const SCALE = 3

function pixel(x: number, y: number): [number, number, number, number] {
  const r = 6 // rounded corners, as the SVG's rx
  const cx = x < r ? r : x >= SIZE - r ? SIZE - r - 1 : x
  const cy = y < r ? r : y >= SIZE - r ? SIZE - r - 1 : y
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return [0, 0, 0, 0]
  const gx = Math.floor((x - (SIZE - 5 * SCALE) / 2) / SCALE)
  const gy = Math.floor((y - (SIZE - 7 * SCALE) / 2) / SCALE)
  const on = gy >= 0 && gy < 7 && gx >= 0 && gx < 5 && EIGHT[gy][gx] === '1'
  return on ? [255, 255, 255, 255] : [BLUE[0], BLUE[1], BLUE[2], 255]
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

function png(): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1))
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), y * (SIZE * 4 + 1) + 1 + x * 4)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// An ICO with one PNG image (supported by every current browser).
const image = png()
const header = Buffer.alloc(22)
header.writeUInt16LE(0, 0)
header.writeUInt16LE(1, 2) // icon
header.writeUInt16LE(1, 4) // one image
header.writeUInt8(SIZE, 6)
header.writeUInt8(SIZE, 7)
header.writeUInt16LE(1, 10) // planes
header.writeUInt16LE(32, 12) // bits per pixel
header.writeUInt32LE(image.length, 14)
header.writeUInt32LE(22, 18)
const out = path.resolve(import.meta.dirname ?? __dirname, '..', 'public', 'favicon.ico')
fs.writeFileSync(out, Buffer.concat([header, image]))
console.log(`${out}: ${22 + image.length} bytes`)
