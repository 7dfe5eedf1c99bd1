import { describe, expect, it } from 'vitest'
import { onePixelPng, SECRET_METADATA, tinyJpeg, tinyWebp } from '../../../test/helpers/images.js'
import { stripImageMetadata } from './image-metadata.js'

describe('stripImageMetadata: no photo reveals where or with what it was taken', () => {
  it.each([
    ['image/png', onePixelPng],
    ['image/jpeg', tinyJpeg],
    ['image/webp', tinyWebp],
  ] as const)('removes the metadata of a %s and keeps the rest byte for byte', (type, make) => {
    const withMetadata = make(true)
    expect(withMetadata.toString('latin1')).toContain(SECRET_METADATA)
    const stripped = stripImageMetadata(withMetadata, type)!
    expect(stripped.toString('latin1')).not.toContain(SECRET_METADATA)
    expect(stripped).toEqual(make(false))
    // An image without metadata is left as it is.
    expect(stripImageMetadata(make(false), type)).toEqual(make(false))
  })

  it('refuses an image whose structure it cannot follow', () => {
    expect(stripImageMetadata(onePixelPng().subarray(0, 30), 'image/png')).toBeNull()
    expect(stripImageMetadata(tinyJpeg().subarray(0, 10), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(Buffer.from('RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f', 'latin1'), 'image/webp')).toBeNull()
  })
})
