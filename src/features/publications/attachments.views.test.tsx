import { renderToString } from 'preact-render-to-string'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadAssets, type Assets } from '../../web/assets.js'
import { pageContext } from '../../web/page-context.js'
import type { AttachmentInfo } from './attachments.queries.js'
import { AttachmentsSection } from './attachments.views.js'

/** The files section of the editor page: list, preview links, remove buttons and the upload form. */
describe('AttachmentsSection', () => {
  let assets: Assets
  beforeAll(async () => {
    assets = await loadAssets()
  })
  const attachments: AttachmentInfo[] = [
    { id: 11, fileName: 'Вымышленный_доклад.pdf', mediaType: 'application/pdf', byteSize: 2_621_440 },
    { id: 12, fileName: 'fictional-photo.png', mediaType: 'image/png', byteSize: 1536 },
  ]
  const render = (editable: boolean, locale: 'en' | 'fr' = 'en', list = attachments) =>
    renderToString(
      <AttachmentsSection
        ctx={pageContext(locale, '/workspace/publications/5', assets, 'http://civic-monitor.test')}
        publicationId={5}
        attachments={list}
        csrf="fictional-token"
        editable={editable}
      />,
    )

  it('lists each file with its preview link in the press room, its type and size, and a remove button', () => {
    const html = render(true)
    expect(html).toContain(
      'href="/press-room/files/11/%D0%92%D1%8B%D0%BC%D1%8B%D1%88%D0%BB%D0%B5%D0%BD%D0%BD%D1%8B%D0%B9_%D0%B4%D0%BE%D0%BA%D0%BB%D0%B0%D0%B4.pdf"',
    )
    expect(html).toContain('(PDF, 2.5 MB)')
    expect(html).toContain('(PNG, 1.5 kB)')
    expect(html).toContain('action="/workspace/publications/5/attachments/12/delete"')
    expect(html).toContain('aria-label="Remove fictional-photo.png"')
    expect(html.match(/name="_csrf" value="fictional-token"/g)).toHaveLength(3)
  })

  it('has an upload form for one file, labelled, with the accepted types and the limit stated', () => {
    const html = render(true)
    expect(html).toContain('action="/workspace/publications/5/attachments" enctype="multipart/form-data"')
    expect(html).toContain('<label for="attachment-file">File to attach</label>')
    expect(html).toContain('accept=".pdf,.png,.jpg,.jpeg,.webp"')
    expect(html).toContain('aria-describedby="attachment-file-hint"')
    expect(html).toContain('at most 10 MB')
    expect(html).not.toContain('multiple')
  })

  it('posts to the page’s language and states sizes in it', () => {
    const html = render(true, 'fr')
    expect(html).toContain('action="/fr/workspace/publications/5/attachments"')
    expect(html).toContain('1,5\u202fko')
  })

  it('once published: no upload form and no remove buttons, and says why', () => {
    const html = render(false)
    expect(html).not.toContain('<form')
    expect(html).toContain('href="/press-room/files/12/fictional-photo.png"')
    expect(html).toContain('Publish a correction to change them.')
    expect(render(true, 'en', [])).toContain('No files are attached yet.')
  })
})
