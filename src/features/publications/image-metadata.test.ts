import { describe, expect, it } from 'vitest'
import { jpegSegment, onePixelPng, SECRET_METADATA, tinyJpeg, tinyWebp } from '../../../test/helpers/images.js'
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

  it("drops a phone's second picture or video after the end of the image, with the metadata it carries", () => {
    const clean = tinyJpeg(false)
    // A multi-picture (MPO) file: the main image, then a second one with its own EXIF.
    const mpo = Buffer.concat([tinyJpeg(false), tinyJpeg(true)])
    expect(stripImageMetadata(mpo, 'image/jpeg')).toEqual(clean)
    const trailer = Buffer.concat([clean, Buffer.from(`ftypmp42 moov ${SECRET_METADATA}`)])
    expect(stripImageMetadata(trailer, 'image/jpeg')).toEqual(clean)
    const webp = Buffer.concat([tinyWebp(false), Buffer.from(SECRET_METADATA)])
    expect(stripImageMetadata(webp, 'image/webp')).toEqual(tinyWebp(false))
  })

  it('follows every scan of a progressive JPEG, stuffed bytes and restart markers included, and keeps its colour profile', () => {
    const icc = jpegSegment(0xe2, Buffer.from('ICC_PROFILE\0\x01\x01fictional-profile', 'latin1'))
    const scan = (data: number[]) => Buffer.concat([jpegSegment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])), Buffer.from(data)])
    const image = (metadata: boolean) =>
      Buffer.concat([
        Buffer.from([0xff, 0xd8]),
        icc,
        jpegSegment(0xdb, Buffer.alloc(65, 1)),
        scan([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]),
        ...(metadata ? [jpegSegment(0xe1, Buffer.from(`Exif\0\0${SECRET_METADATA}`)), jpegSegment(0xe2, Buffer.from('MPF\0index'))] : []),
        jpegSegment(0xc4, Buffer.alloc(20, 2)),
        scan([0x78, 0xff, 0xff, 0xd9]),
      ])
    const stripped = stripImageMetadata(image(true), 'image/jpeg')!
    expect(stripped.toString('latin1')).not.toContain(SECRET_METADATA)
    expect(stripped).toEqual(image(false))
    expect(stripped.toString('latin1')).toContain('fictional-profile')
  })

  it('refuses an image whose structure it cannot follow', () => {
    expect(stripImageMetadata(onePixelPng().subarray(0, 30), 'image/png')).toBeNull()
    expect(stripImageMetadata(tinyJpeg().subarray(0, 10), 'image/jpeg')).toBeNull()
    // A scan that never ends: no end-of-image marker.
    expect(stripImageMetadata(tinyJpeg().subarray(0, -2), 'image/jpeg')).toBeNull()
    expect(stripImageMetadata(Buffer.from('RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f', 'latin1'), 'image/webp')).toBeNull()
  })
})
