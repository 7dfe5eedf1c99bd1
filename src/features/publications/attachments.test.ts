import fc from 'fast-check'
import { etagMatches } from '../../lib/compressed.js'
import { describe, expect, it } from 'vitest'
import { onePixelPng, SECRET_METADATA, tinyJpeg, tinyWebp } from '../../../test/helpers/images.js'
import {
  ACCEPTED_EXTENSIONS,
  attachmentsEditable,
  checkAttachment,
  contentDisposition,
  dispositionOf,
  etagOf,
  formatByteSize,
  MAX_ATTACHMENT_BYTES,
  sniffMediaType,
  storedFileName,
} from './attachments.js'

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))))
const PDF = bytes('%PDF-1.4\n%%EOF\n')
const PNG = onePixelPng()
const JPEG = tinyJpeg()
const WEBP = tinyWebp()

describe('sniffMediaType: the type comes from the bytes', () => {
  it('recognises PDF, PNG, JPEG and WebP by their signatures', () => {
    expect(sniffMediaType(PDF)).toBe('application/pdf')
    expect(sniffMediaType(PNG)).toBe('image/png')
    expect(sniffMediaType(JPEG)).toBe('image/jpeg')
    expect(sniffMediaType(WEBP)).toBe('image/webp')
  })

  it('refuses everything else, whatever it would be named', () => {
    const refused = [
      bytes('<!DOCTYPE html><html><script>alert(1)</script></html>'), // HTML renamed .pdf
      bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), // SVG
      bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
      bytes('Fictional notes, plain text named report.pdf\n'),
      bytes('MZ', [0x90, 0, 3, 0]), // a Windows program renamed .pdf
      bytes([0xef, 0xbb, 0xbf], '%PDF-1.4'), // the signature must come first
      bytes('%PDF'), // cut short
      bytes('RIFF', [4, 0, 0, 0], 'WAVEfmt '), // RIFF, but audio
      bytes([0x89, 0x50, 0x4e, 0x47]), // half a PNG signature
      bytes([0xff, 0xd8]),
      bytes([]),
    ]
    for (const content of refused) expect(sniffMediaType(content)).toBeNull()
  })
})

describe('checkAttachment', () => {
  it('accepts each type, with its size, hash and a stored name of that type', () => {
    const checked = checkAttachment({ fileName: 'Fictional report.pdf', content: PDF })
    expect(checked).toEqual({
      ok: true,
      attachment: {
        fileName: 'Fictional_report.pdf',
        mediaType: 'application/pdf',
        byteSize: 15,
        sha256: '14bcd090baf31edba64e9cbd8cdfc15f943344aa72cb3675ad8e91bfcbce03ad',
        content: PDF,
      },
    })
    expect(checkAttachment({ fileName: 'photo.png', content: PNG })).toMatchObject({ ok: true, attachment: { mediaType: 'image/png' } })
    expect(checkAttachment({ fileName: 'photo.jpeg', content: JPEG })).toMatchObject({ ok: true, attachment: { fileName: 'photo.jpeg' } })
    expect(checkAttachment({ fileName: 'photo.webp', content: WEBP })).toMatchObject({ ok: true, attachment: { mediaType: 'image/webp' } })
    // A photo is stored without its camera metadata, and its size and hash are those of what is stored.
    const stripped = checkAttachment({ fileName: 'photo.jpg', content: tinyJpeg(true) })
    expect(stripped.ok && stripped.attachment.content.toString('latin1')).not.toContain(SECRET_METADATA)
    expect(stripped.ok && stripped.attachment.byteSize).toBe(JPEG.length)
    expect(checkAttachment({ fileName: 'broken.png', content: PNG.subarray(0, 30) })).toMatchObject({ ok: false })
  })

  it('refuses empty files, files over the limit and other types, with the message that says so', () => {
    expect(checkAttachment({ fileName: 'empty.pdf', content: Buffer.alloc(0) })).toEqual({
      ok: false,
      problem: { status: 422, message: 'attachment.problem.empty' },
    })
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1)
    PDF.copy(big)
    expect(checkAttachment({ fileName: 'big.pdf', content: big })).toEqual({
      ok: false,
      problem: { status: 413, message: 'attachment.problem.tooLarge' },
    })
    expect(checkAttachment({ fileName: 'page.pdf', content: bytes('<html><body>fictional</body></html>') })).toEqual({
      ok: false,
      problem: { status: 422, message: 'attachment.problem.type' },
    })
  })

  it('accepts a file of exactly the limit', () => {
    const limit = Buffer.alloc(MAX_ATTACHMENT_BYTES)
    PDF.copy(limit)
    expect(checkAttachment({ fileName: 'limit.pdf', content: limit })).toMatchObject({
      ok: true,
      attachment: { byteSize: 10 * 1024 * 1024 },
    })
  })
})

describe('storedFileName', () => {
  it('keeps only the last path segment (no traversal)', () => {
    expect(storedFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf')
    expect(storedFileName('..\\..\\Windows\\System32\\evil.exe', 'application/pdf')).toBe('evil.pdf')
    expect(storedFileName('/tmp/../..', 'application/pdf')).toBe('attachment.pdf')
  })

  it('replaces quotes, spaces, controls and header breaks, so nothing can end a header', () => {
    expect(storedFileName('report "final".pdf', 'application/pdf')).toBe('report_final.pdf')
    expect(storedFileName("it's.pdf", 'application/pdf')).toBe('it_s.pdf')
    expect(storedFileName('a.pdf"\r\nSet-Cookie: fictional=1\r\n\r\n<script>', 'application/pdf')).toBe(
      'a.pdf_Set-Cookie_fictional_1_script.pdf',
    )
    expect(storedFileName('a.pdf\r\nContent-Type: text/html', 'application/pdf')).toBe('html.pdf')
    expect(storedFileName('nul\u0000byte.png', 'image/png')).toBe('nul_byte.png')
    // A right-to-left override would show "photo‮gpj.exe" as "photoexe.jpg".
    expect(storedFileName('photo\u202egpj.exe', 'image/png')).toBe('photo_gpj.png')
  })

  it('keeps letters of every script', () => {
    expect(storedFileName('Доклад о вымышленной стране 2030.pdf', 'application/pdf')).toBe('Доклад_о_вымышленной_стране_2030.pdf')
    expect(storedFileName('تقرير.pdf', 'application/pdf')).toBe('تقرير.pdf')
    expect(storedFileName('Cafe\u0301.png', 'image/png')).toBe('Café.png')
  })

  it('makes the extension match the detected type', () => {
    expect(storedFileName('picture.JPEG', 'image/jpeg')).toBe('picture.jpeg')
    expect(storedFileName('picture.png', 'image/jpeg')).toBe('picture.jpg')
    expect(storedFileName('notes.txt', 'application/pdf')).toBe('notes.pdf')
    expect(storedFileName('archive.tar.gz', 'image/webp')).toBe('archive.tar.webp')
    expect(storedFileName('no extension', 'image/png')).toBe('no_extension.png')
    expect(storedFileName('Fictional report v2.1 final', 'application/pdf')).toBe('Fictional_report_v2.1_final.pdf')
  })

  it('falls back to attachment.<ext> when nothing usable is left', () => {
    expect(storedFileName('', 'application/pdf')).toBe('attachment.pdf')
    expect(storedFileName('....', 'image/png')).toBe('attachment.png')
    expect(storedFileName('.htaccess', 'image/webp')).toBe('attachment.webp')
    expect(storedFileName('"\'<>|?*', 'image/jpeg')).toBe('attachment.jpg')
  })

  it('cuts long names to 200 characters, keeping the extension', () => {
    const long = storedFileName(`${'a'.repeat(300)}.pdf`, 'application/pdf')
    expect(long).toHaveLength(200)
    expect(long.endsWith('a.pdf')).toBe(true)
    const cyrillic = storedFileName(`${'ж'.repeat(300)}.png`, 'image/png')
    expect([...cyrillic]).toHaveLength(200)
  })

  it('always gives a safe name of the right type (property)', () => {
    const types = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom(...types), (name, type) => {
        const stored = storedFileName(name, type)
        expect(stored).toMatch(/^[\p{L}\p{M}\p{N}_-][\p{L}\p{M}\p{N}._-]*\.(pdf|png|jpg|jpeg|webp)$/u)
        expect([...stored].length).toBeLessThanOrEqual(200)
        expect(sniffExtension(stored)).toBe(type)
      }),
    )
  })
})

function sniffExtension(name: string): string {
  const ext = name.split('.').pop()
  return { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' }[ext ?? ''] ?? ''
}

describe('download headers', () => {
  it('gives an ASCII name and the UTF-8 name (RFC 6266)', () => {
    expect(contentDisposition('attachment', 'Доклад_2030.pdf')).toBe(
      `attachment; filename="_______2030.pdf"; filename*=UTF-8''%D0%94%D0%BE%D0%BA%D0%BB%D0%B0%D0%B4_2030.pdf`,
    )
    expect(contentDisposition('inline', 'photo.png')).toBe(`inline; filename="photo.png"; filename*=UTF-8''photo.png`)
  })

  it('cannot be broken out of, whatever the name (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const header = contentDisposition('attachment', name)
        expect(header).toMatch(/^[\x20-\x7e]+$/)
        const fallback = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9%._~!-]*)$/.exec(header)
        expect(fallback).not.toBeNull()
        expect(decodeURIComponent(fallback![2]!)).toBe(name.replace(/\p{Cs}/gu, '\uFFFD'))
      }),
    )
  })

  it('downloads PDFs and shows images inline', () => {
    expect(dispositionOf('application/pdf')).toBe('attachment')
    expect(dispositionOf('image/png')).toBe('inline')
  })

  it('matches If-None-Match against the hash ETag', () => {
    const etag = etagOf('abc123')
    expect(etag).toBe('"abc123"')
    expect(etagMatches('"abc123"', etag)).toBe(true)
    expect(etagMatches('W/"abc123"', etag)).toBe(true)
    expect(etagMatches('"other", "abc123"', etag)).toBe(true)
    expect(etagMatches('*', etag)).toBe(true)
    expect(etagMatches('"abc1234"', etag)).toBe(false)
    expect(etagMatches('abc123', etag)).toBe(false)
    expect(etagMatches(undefined, etag)).toBe(false)
  })
})

describe('the rest', () => {
  it('states sizes in the reader’s language', () => {
    expect(formatByteSize('en', MAX_ATTACHMENT_BYTES)).toBe('10 MB')
    expect(formatByteSize('ru', MAX_ATTACHMENT_BYTES)).toBe('10 МБ')
    expect(formatByteSize('fr', 1536)).toBe('1,5\u202fko')
    expect(formatByteSize('en', 15)).toBe('15 bytes')
    expect(formatByteSize('en', 1)).toBe('1 byte')
  })

  it('lets files change until publication only', () => {
    expect(['draft', 'review', 'scheduled', 'published'].map((s) => attachmentsEditable(s as 'draft'))).toEqual([true, true, true, false])
    expect(ACCEPTED_EXTENSIONS).toBe('.pdf,.png,.jpg,.jpeg,.webp')
  })
})
