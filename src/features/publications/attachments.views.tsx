import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { ACCEPTED_EXTENSIONS, formatByteSize, MAX_ATTACHMENT_BYTES, MEDIA_TYPES } from './attachments.js'
import { attachmentUrl, type AttachmentInfo } from './attachments.queries.js'
import { CsrfField, Field } from '../../web/forms.js'

/** Where a publication's file forms post to, in the reader's language. */
export function attachmentsAction(ctx: PageContext, publicationId: number, attachmentId?: number): string {
  const base = `/workspace/publications/${publicationId}/attachments`
  return href(ctx, attachmentId === undefined ? base : `${base}/${attachmentId}/delete`)
}

/**
 * The files of a publication on its editor page: each with a preview link (the press-room
 * address, which serves drafts to editors) and, while the publication is not published, a
 * remove button; then the upload form. Holds forms of its own: place it outside other forms.
 */
export function AttachmentsSection(props: {
  ctx: PageContext
  publicationId: number
  attachments: AttachmentInfo[]
  csrf: string
  editable: boolean
}) {
  const { ctx, publicationId, attachments, csrf, editable } = props
  const { t, locale } = ctx
  const maxSize = formatByteSize(locale, MAX_ATTACHMENT_BYTES)
  return (
    <section id="attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('attachment.heading')}</h2>
      {attachments.length === 0 ? (
        <p>{t('attachment.none')}</p>
      ) : (
        <ul class="attachment-list">
          {attachments.map((a) => (
            <li>
              <a href={attachmentUrl('press', a)} aria-label={t('attachment.previewLabel', { name: a.fileName })}>
                <bdi>{a.fileName}</bdi>
              </a>{' '}
              <span class="meta">
                ({MEDIA_TYPES[a.mediaType].label}, {formatByteSize(locale, a.byteSize)})
              </span>
              {editable && (
                <form class="inline-form" method="post" action={attachmentsAction(ctx, publicationId, a.id)}>
                  <CsrfField token={csrf} />
                  <button type="submit" class="secondary" aria-label={t('attachment.removeLabel', { name: a.fileName })}>
                    {t('attachment.remove')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <form class="stack-form" method="post" action={attachmentsAction(ctx, publicationId)} enctype="multipart/form-data">
          <CsrfField token={csrf} />
          <Field ctx={ctx} id="attachment-file" label={t('attachment.file')} hint={t('attachment.hint', { size: maxSize })} problems={[]}>
            {(tied) => <input type="file" name="file" accept={ACCEPTED_EXTENSIONS} required {...tied} />}
          </Field>
          <div class="form-actions">
            <button type="submit">{t('attachment.upload')}</button>
          </div>
        </form>
      ) : (
        <p class="notice" role="note">
          {t('attachment.locked')}
        </p>
      )}
    </section>
  )
}

/** Why a file was not attached or removed, with the way back to the publication. */
export function AttachmentProblemPage(props: { ctx: PageContext; message: string; back: string }) {
  const { ctx, message, back } = props
  const title = ctx.t('attachment.problem.title')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="notice form-problems" role="alert">
        {message}
      </p>
      <p>
        <a href={back}>{ctx.t('attachment.back')}</a>
      </p>
    </Layout>
  )
}
