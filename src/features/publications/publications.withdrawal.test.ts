import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { postForm } from '../../../test/helpers/forms.js'
import { newToken } from '../../lib/secrets.js'
import { deliverDue, type MailTransport } from '../mail/outbox.js'
import { createdId, release, usePublicationDesk, publicationsBase as base } from '../../../test/helpers/publication-forms.js'

/** What happens after publishing: the mailing's progress, and withdrawal. */
describe.each(backends)('mailings and withdrawal of publications on %s', (kind) => {
  const desk = usePublicationDesk(kind)
  const t = desk.app

  it('shows a mailing’s progress to editors, and withdraws a publication through the form: marked at its address and in the feed, its unsent e-mails cancelled', async () => {
    const { editor, editorId, now } = desk
    const { app, database } = t()
    const db = database.db
    const created = await postForm(app, editor, base, release('fictional-withdrawn-release'))
    const id = createdId(created)
    const step = (fields: [string, string][], who = editor) => postForm(app, who, `${base}/${id}/workflow`, fields)
    const status = async () => (await db.selectFrom('publications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
    // Not published yet: the step is refused, nothing changes.
    const early = await step([
      ['action', 'withdraw'],
      ['reason', 'A fictional reason.'],
    ])
    expect(early.statusCode).toBe(409)
    expect(early.body).toContain('That step is not possible')
    expect(await status()).toBe('draft')
    for (const email of ['fictional.sent@example.org', 'fictional.bounced@example.org', 'fictional.later@example.org'])
      await db.insertInto('subscriptions').values({ email, token: newToken(), language: 'en', confirmed_at: now }).execute()
    await step([['action', 'submit']])
    await step([['action', 'publish_now']])
    // A partial delivery: one sent, one refused by the server (tried again later), one still waiting.
    const transport: MailTransport = {
      send: (m) => (m.to.startsWith('fictional.bounced') ? Promise.reject(new Error('fictional mailbox full')) : Promise.resolve()),
    }
    expect(await deliverDue(db, transport, { now, from: 'x@example.org', limit: 2, batch: 2 })).toEqual({ sent: 1, failed: 1 })
    const progress = (body: string) =>
      Object.fromEntries([...body.matchAll(/<dd data-count="(\w+)">(\d+)<\/dd>/g)].map((m): [string, number] => [m[1]!, Number(m[2])]))
    const page = await app.inject({ url: `${base}/${id}`, headers: { cookie: editor.cookie } })
    expect(progress(page.body)).toEqual({ sent: 1, waiting: 1, failed: 1 })

    const publicBefore = await app.inject({ url: '/press/fictional-withdrawn-release' })
    expect(publicBefore.body).not.toContain('Withdrawn on')
    // Refused: no reason, or a researcher; nothing changes.
    const noReason = await step([
      ['action', 'withdraw'],
      ['reason', '  '],
    ])
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('Give the reason for the withdrawal')
    expect(
      (
        await step(
          [
            ['action', 'withdraw'],
            ['reason', 'x'],
          ],
          desk.researcher,
        )
      ).statusCode,
    ).toBe(403)
    expect(await status()).toBe('published')

    const withdrawn = await step([
      ['action', 'withdraw'],
      ['reason', 'The fictional figures were wrong.'],
    ])
    expect(withdrawn.statusCode).toBe(303)
    expect(await status()).toBe('withdrawn')
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor', 'after'])
      .where('subject', '=', 'publications')
      .where('subject_key', '=', String(id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(audit.actor).toBe(`user:${editorId}`)
    expect(audit.after).toMatchObject({ status: 'withdrawn', withdrawn_reason: 'The fictional figures were wrong.' })
    // Still at its address (the cached page is dropped), marked with the date and the reason, in every language.
    const publicAfter = await app.inject({ url: '/press/fictional-withdrawn-release' })
    expect(publicAfter.statusCode).toBe(200)
    expect(publicAfter.headers.etag).not.toBe(publicBefore.headers.etag)
    expect(publicAfter.body).toMatch(/Withdrawn on March 1, 2030:<\/strong> The fictional figures were wrong\./)
    expect((await app.inject({ url: '/ru/press/fictional-withdrawn-release-ru' })).body).toContain('Отозвана 1 марта 2030')
    expect((await app.inject({ url: '/press' })).body).toMatch(
      /Withdrawn<\/strong><\/p><h2[^>]*><a href="\/press\/fictional-withdrawn-release"/,
    )
    const feed = (await app.inject({ url: '/press/feed.xml' })).body
    expect(feed).toContain('[Withdrawn] Fictional Arcadia downgraded')
    expect(feed).toContain('Withdrawn on 2030-03-01: The fictional figures were wrong.')
    // The e-mails not sent yet are cancelled, and no later delivery sends them.
    const after = await app.inject({ url: `${base}/${id}`, headers: { cookie: editor.cookie } })
    expect(progress(after.body)).toEqual({ sent: 1, waiting: 0, failed: 0, cancelled: 2 })
    expect(after.body).not.toContain('name="action" value="withdraw"')
    const later = new Date(now.getTime() + 86_400_000)
    expect(await deliverDue(db, transport, { now: later, from: 'x@example.org' })).toEqual({ sent: 0, failed: 0 })
    // A withdrawn publication no longer changes, and cannot be withdrawn again.
    expect((await postForm(app, editor, `${base}/${id}/edit`, release('fictional-withdrawn-release'))).statusCode).toBe(422)
    expect(
      (
        await step([
          ['action', 'withdraw'],
          ['reason', 'Again.'],
        ])
      ).statusCode,
    ).toBe(409)
  })
})
