import { deflateSync } from 'node:zlib'

/** Tiny but well-formed images for attachment tests, with or without camera metadata (fictional GPS). */
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (data: Buffer) => (data.reduce((c, b) => crcTable[(c ^ b) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0

export const SECRET_METADATA = 'GPS 51.5N 0.1W fictional-camera-serial-42'

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A real 1×1 PNG: signature, IHDR, IDAT (one grey pixel), IEND; with metadata, tEXt and eXIf chunks too. */
export function onePixelPng(metadata = false): Buffer {
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]) // 1×1, 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    ...(metadata
      ? [pngChunk('tEXt', Buffer.from(`Comment\0${SECRET_METADATA}`, 'latin1')), pngChunk('eXIf', Buffer.from(`MM\0*${SECRET_METADATA}`))]
      : []),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

export function jpegSegment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(data.length + 2, 2)
  return Buffer.concat([head, data])
}

/** A JPEG's structure: SOI, APP0 (JFIF), optionally APP1 (EXIF) and a comment, then the scan and EOI. */
export function tinyJpeg(metadata = false): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])),
    ...(metadata ? [jpegSegment(0xe1, Buffer.from(`Exif\0\0${SECRET_METADATA}`)), jpegSegment(0xfe, Buffer.from(SECRET_METADATA))] : []),
    jpegSegment(0xdb, Buffer.alloc(65, 1)),
    jpegSegment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0xd9]),
  ])
}

function riffChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.write(type, 0, 'latin1')
  head.writeUInt32LE(data.length, 4)
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
}

/** A WebP container: VP8X (flags), VP8L image data, optionally EXIF and XMP chunks. */
export function tinyWebp(metadata = false): Buffer {
  const flags = Buffer.alloc(10)
  if (metadata) flags[0] = 0x0c
  const body = Buffer.concat([
    Buffer.from('WEBP', 'latin1'),
    riffChunk('VP8X', flags),
    riffChunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0])),
    ...(metadata ? [riffChunk('EXIF', Buffer.from(`MM\0*${SECRET_METADATA}`)), riffChunk('XMP ', Buffer.from(SECRET_METADATA))] : []),
  ])
  const head = Buffer.alloc(8)
  head.write('RIFF', 0, 'latin1')
  head.writeUInt32LE(body.length, 4)
  return Buffer.concat([head, body])
}
