import type { AttachmentMediaType } from '../../db/schema.js'

/**
 * Removes the metadata a camera or phone writes into an image (EXIF with GPS position, device
 * serial numbers and times; XMP; IPTC; comments) before it is stored: a press photo must never
 * reveal where or by whom it was taken. The pixels are untouched (no re-encoding). Pure; a file
 * whose structure cannot be followed is returned as null and refused.
 */
export function stripImageMetadata(bytes: Buffer, mediaType: AttachmentMediaType): Buffer | null {
  if (mediaType === 'image/jpeg') return stripJpeg(bytes)
  if (mediaType === 'image/png') return stripPng(bytes)
  if (mediaType === 'image/webp') return stripWebp(bytes)
  return bytes
}

/**
 * JPEG: drop APP1-APP13 and APP15 segments (EXIF, XMP, IPTC, the multi-picture index…) and
 * comments, wherever they stand, and everything after the end of the image (a phone's second
 * picture or motion video, each with its own EXIF); keep APP0 (JFIF), APP2 colour profiles and
 * APP14 (Adobe colour). Every scan is followed to its end: progressive images have several.
 */
function stripJpeg(bytes: Buffer): Buffer | null {
  const kept: Buffer[] = [bytes.subarray(0, 2)]
  let at = 2
  while (at + 2 <= bytes.length) {
    if (bytes[at] !== 0xff) return null
    const marker = bytes[at + 1]!
    if (marker === 0xd9) return Buffer.concat([...kept, bytes.subarray(at, at + 2)])
    if (at + 4 > bytes.length) return null
    const length = bytes.readUInt16BE(at + 2)
    if (length < 2 || at + 2 + length > bytes.length) return null
    const end = marker === 0xda ? scanEnd(bytes, at + 2 + length) : at + 2 + length
    if (end === null) return null
    if (!isJpegMetadata(bytes, at, marker)) kept.push(bytes.subarray(at, end))
    at = end
  }
  return null
}

function isJpegMetadata(bytes: Buffer, at: number, marker: number): boolean {
  if (marker === 0xe2) return bytes.toString('latin1', at + 4, at + 16) !== 'ICC_PROFILE\0'
  return (marker >= 0xe1 && marker <= 0xed) || marker === 0xef || marker === 0xfe
}

/** Where a scan's entropy-coded data ends: the first marker that is neither a stuffed 0xFF00 nor a restart marker. */
function scanEnd(bytes: Buffer, from: number): number | null {
  for (let at = bytes.indexOf(0xff, from); at !== -1 && at + 1 < bytes.length; at = bytes.indexOf(0xff, at + 1)) {
    const next = bytes[at + 1]!
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return at
  }
  return null
}

const PNG_METADATA = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME'])

/** PNG: drop text, EXIF and time chunks. */
function stripPng(bytes: Buffer): Buffer | null {
  const kept: Buffer[] = [bytes.subarray(0, 8)]
  let at = 8
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    const end = at + 12 + length
    if (end > bytes.length) return null
    if (!PNG_METADATA.has(type)) kept.push(bytes.subarray(at, end))
    at = end
    if (type === 'IEND') return Buffer.concat(kept)
  }
  return null
}

/** WebP: drop the EXIF and XMP chunks, clear their flags in VP8X, and fix the RIFF size. */
function stripWebp(bytes: Buffer): Buffer | null {
  const kept: Buffer[] = []
  // Bytes after the RIFF container are not part of the image: they are dropped with it.
  const riffEnd = Math.min(bytes.length, 8 + bytes.readUInt32LE(4))
  let at = 12
  while (at + 8 <= riffEnd) {
    const type = bytes.toString('latin1', at, at + 4)
    const size = bytes.readUInt32LE(at + 4)
    const end = at + 8 + size + (size % 2)
    if (at + 8 + size > riffEnd) return null
    if (type === 'VP8X') {
      const chunk = Buffer.from(bytes.subarray(at, Math.min(end, riffEnd)))
      chunk[8] = chunk[8]! & ~0x0c // the EXIF (0x08) and XMP (0x04) flags
      kept.push(chunk)
    } else if (type !== 'EXIF' && type !== 'XMP ') kept.push(bytes.subarray(at, Math.min(end, riffEnd)))
    at = end
  }
  const body = Buffer.concat(kept)
  const header = Buffer.from(bytes.subarray(0, 12))
  header.writeUInt32LE(body.length + 4, 4)
  return Buffer.concat([header, body])
}
