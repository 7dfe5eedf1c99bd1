import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import { createCountry, createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn, type SignedIn } from '../../../test/helpers/forms.js'
import { makeApprovedDecision } from '../../../test/helpers/ratings.js'
import { makeUpdate } from '../../../test/helpers/updates.js'
import { newToken } from '../../lib/secrets.js'
import { deliverDue, type MailTransport } from '../mail/outbox.js'
import { publishAllDue } from '../publishing/publish-due.js'

/** Writing publications through the forms, the workflow, and publishing together with linked items. */
let now = new Date('2030-03-01T09:00:00Z')
const clock = () => now
const base = '/workspace/publications'

const release = (slug: string, extra: [string, string][] = []): [string, string][] => [
  ['kind', 'press_release'],
  ['countries', 'XPA'],
  ['title_en', 'Fictional Arcadia downgraded'],
  ['slug_en', slug],
  ['summary_en', 'A fictional summary.'],
  ['body_en', 'Fictional **body**.'],
  ['quote_en_0', 'A fictional quote.'],
  ['quote_by_en_0', 'A. Person, fictional director'],
  ['contact_name_en_0', 'Press Officer'],
  ['contact_email_en_0', 'press@example.org'],
  ['title_ru', 'Вымышленная Аркадия понижена'],
  ['slug_ru', `${slug}-ru`],
  ...extra,
]

describe.each(backends)('writing and publishing publications on %s', (kind) => {
  const t = useTestApp(kind, { clock })
  let editor: SignedIn
  let researcher: SignedIn
  let editorId = 0
  const count = async (table: 'publications' | 'publication_texts') =>
    Number(
      (
        await t()
          .database.db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  beforeAll(async () => {
    now = new Date('2030-03-01T09:00:00Z')
    const db = t().database.db
    await createCountry(db, { code: 'XPA', name: 'Fictional Pressland' })
    editorId = (await createUser(db, { roles: ['editor'] })).id
    editor = await signedIn(db, editorId, now)
    researcher = await signedIn(db, (await createUser(db, { roles: ['researcher'] })).id, now)
  })

  it('refuses bad input with a message per field and saves nothing', async () => {
    const { app } = t()
    const before = await count('publications')
    const bad = await postForm(app, editor, base, [
      ['kind', 'pamphlet'],
      ['countries', 'XZZ'],
      ['decisions', 'seven'],
      ['title_en', ''],
      ['summary_en', 'Only a summary.'],
      ['title_ru', '🎉 «…»'],
      ['quote_ru_0', 'A quote without attribution'],
      ['contact_name_ru_0', 'Someone'],
      ['contact_email_ru_0', 'not-an-email'],
    ])
    expect(bad.statusCode).toBe(422)
    for (const text of [
      'Choose the kind of publication.',
      'Give this version a title',
      'The title has no letters or digits',
      'Each quote needs its words',
      'Give an e-mail address like',
      'Give numbers separated by commas',
    ])
      expect(bad.body).toContain(text)
    expect(bad.body).toContain('A quote without attribution')
    const unknownCountry = await postForm(app, editor, base, release('fictional-unknown', [['countries', 'XZZ']]))
    expect(unknownCountry.statusCode).toBe(422)
    expect(unknownCountry.body).toContain('These do not exist: XZZ')
    const repeated = await postForm(app, editor, base, [
      ...release('fictional-same').filter(([k]) => k !== 'slug_ru'),
      ['slug_ru', 'fictional-same'],
    ])
    expect(repeated.body).toContain('Two versions have the same address')
    expect(await count('publications')).toBe(before)
  })

  it('says on the publication’s page which links of each language version are shown as text only, and why', async () => {
    const { app } = t()
    const created = await postForm(
      app,
      editor,
      base,
      release('fictional-links-staff', [
        ['body_ru', 'Рейтинг понижен [из-за повсеместных нарушений](#); см. [страну](/ru/countries/kazakhstan).'],
        ['title_ar', 'بيان خيالي'],
        ['slug_ar', 'fictional-links-staff-ar'],
        ['body_ar', 'انظر [هذا](data:text/html,x).'],
      ]),
    )
    expect(created.statusCode, created.body).toBe(303)
    const id = Number(/\/(\d+)$/.exec(created.headers.location as string)![1])
    const page = (prefix: string) => app.inject({ url: `${prefix}${base}/${id}`, headers: { cookie: editor.cookie } })
    const english = (await page('')).body
    expect(english).toContain('Links shown as text only')
    expect(english).toContain('Russian: “из-за повсеместных нарушений”: the link has no address yet.')
    expect(english).toContain('Arabic: “هذا”: data:text/html,x is not a web or e-mail address.')
    expect(english).not.toContain('страну')
    expect((await page('/ar')).body).toContain('«هذا»: data:text/html,x ليس عنوان ويب ولا عنوان بريد إلكتروني.')
  })

  it('lets only editors write', async () => {
    const { app } = t()
    expect((await postForm(app, researcher, base, release('fictional-researcher'))).statusCode).toBe(403)
    expect((await app.inject({ url: base })).statusCode).toBeGreaterThanOrEqual(300)
    expect((await app.inject({ url: base, headers: { cookie: researcher.cookie } })).statusCode).toBe(403)
  })

  it('schedules with an approved decision and update, and publishes all of them together exactly once', async () => {
    const { app, database } = t()
    const db = database.db
    const created = await postForm(app, editor, base, release('fictional-pressland-downgraded'))
    expect(created.statusCode).toBe(303)
    const id = Number(/\/(\d+)$/.exec(created.headers.location as string)![1])
    expect(
      await db.selectFrom('publication_texts').select('language').where('publication_id', '=', id).orderBy('language').execute(),
    ).toEqual([{ language: 'en' }, { language: 'ru' }])
    const page = await app.inject({ url: `${base}/${id}`, headers: { cookie: editor.cookie } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('fictional-pressland-downgraded-ru')

    // A decision still with the panel cannot be announced.
    const decisionId = await makeApprovedDecision(db, { countryCode: 'XPA', createdBy: editorId, toCategory: 'repressed', toScore: 30 })
    await db.updateTable('rating_decisions').set({ status: 'panel_review' }).where('id', '=', decisionId).execute()
    const updateId = await makeUpdate(
      db,
      { countryCode: 'XPA', title: 'Fictional update released with the release' },
      { now, status: 'submitted' },
    )
    await db.updateTable('updates').set({ status: 'approved' }).where('id', '=', updateId).execute()
    const edited = await postForm(
      app,
      editor,
      `${base}/${id}/edit`,
      release('fictional-pressland-downgraded', [
        ['decisions', String(decisionId)],
        ['updates', String(updateId)],
      ]),
    )
    expect(edited.statusCode).toBe(303)
    expect((await postForm(app, editor, `${base}/${id}/workflow`, [['action', 'submit']])).statusCode).toBe(303)
    const schedule: [string, string][] = [
      ['action', 'schedule'],
      ['embargo_until', '2030-03-02T00:01'],
      ['zone', 'Asia/Almaty'],
    ]
    const early = await postForm(app, editor, `${base}/${id}/workflow`, schedule)
    expect(early.statusCode).toBe(409)
    expect(early.body).toContain(`These rating decisions are not approved by the panel yet: ${decisionId}`)
    // The refused form keeps the typed time and zone.
    expect(early.body).toContain('value="2030-03-02T00:01"')
    expect(early.body).toContain('<option value="Asia/Almaty" selected>')
    expect((await db.selectFrom('publications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('review')

    await db.updateTable('rating_decisions').set({ status: 'approved' }).where('id', '=', decisionId).execute()
    const past = await postForm(app, editor, `${base}/${id}/workflow`, [
      ['action', 'schedule'],
      ['embargo_until', '2030-02-01T00:01'],
      ['zone', 'UTC'],
    ])
    expect(past.statusCode).toBe(409)
    // The embargo's problem is told at its field, which names it.
    expect(past.body).toMatch(/<input[^>]*aria-describedby="embargo_until-problem"[^>]*>/)
    expect(past.body).toContain('id="embargo_until-problem"')
    expect((await postForm(app, editor, `${base}/${id}/workflow`, schedule)).statusCode).toBe(303)
    const embargo = await db
      .selectFrom('publications')
      .select(['status', 'embargo_until', 'embargo_zone'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(embargo.status).toBe('scheduled')
    expect(embargo.embargo_until!.toISOString()).toMatch(/^2030-03-01T1[89]:01:00/)
    expect(embargo.embargo_zone).toBe('Asia/Almaty')
    const decision = await db
      .selectFrom('rating_decisions')
      .select(['status', 'embargo_until'])
      .where('id', '=', decisionId)
      .executeTakeFirstOrThrow()
    expect(decision.status).toBe('scheduled')
    expect(decision.embargo_until!.getTime()).toBe(embargo.embargo_until!.getTime())
    const update = await db.selectFrom('updates').select(['status', 'publish_at']).where('id', '=', updateId).executeTakeFirstOrThrow()
    expect(update.status).toBe('scheduled')
    expect(update.publish_at!.getTime()).toBe(embargo.embargo_until!.getTime())

    // Before the embargo nothing moves.
    expect(await publishAllDue(db, now, 'http://civic-monitor.test')).toMatchObject({ publications: [], decisions: [], updates: [] })
    // After it, two instances racing publish each item once.
    now = new Date(embargo.embargo_until!.getTime() + 1000)
    // Sessions expire when idle: the editor signs in again at the new time.
    editor = await signedIn(db, editorId, now)
    const [a, b] = await Promise.all([publishAllDue(db, now, 'http://x.test'), publishAllDue(db, now, 'http://x.test')])
    expect([...a.publications, ...b.publications]).toEqual([id])
    expect([...a.decisions, ...b.decisions]).toEqual([decisionId])
    expect([...a.updates, ...b.updates]).toEqual([updateId])
    const rating = await db.selectFrom('ratings').select(['category', 'decision_id']).where('country_code', '=', 'XPA').execute()
    expect(rating).toEqual([{ category: 'repressed', decision_id: decisionId }])
    const published = await db.selectFrom('publications').select(['status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(published).toEqual({ status: 'published', published_at: embargo.embargo_until })
  })

  it('corrects a published publication with a note, keeping its addresses and the text before', async () => {
    const { app, database } = t()
    const db = database.db
    const { id } = await db
      .selectFrom('publication_texts')
      .select('publication_id as id')
      .where('slug', '=', 'fictional-pressland-downgraded')
      .executeTakeFirstOrThrow()
    const edit = await app.inject({ url: `${base}/${id}/edit`, headers: { cookie: editor.cookie } })
    expect(edit.statusCode).toBe(303)
    const noNote = await postForm(app, editor, `${base}/${id}/correct`, release('fictional-pressland-downgraded'))
    expect(noNote.statusCode).toBe(422)
    expect(noNote.body).toContain('Say what the correction changes and why')
    const moved = await postForm(app, editor, `${base}/${id}/correct`, [...release('fictional-moved'), ['note', 'Fixed a typo.']])
    expect(moved.statusCode).toBe(422)
    expect(moved.body).toContain('A published address cannot change')
    const fields = release('fictional-pressland-downgraded').map(([k, v]): [string, string] =>
      k === 'body_en' ? [k, 'Corrected fictional body.'] : [k, v],
    )
    expect((await postForm(app, editor, `${base}/${id}/correct`, [...fields, ['note', 'Fixed a fictional typo.']])).statusCode).toBe(303)
    const corrections = await db.selectFrom('publication_corrections').select(['note', 'before']).where('publication_id', '=', id).execute()
    expect(corrections).toHaveLength(1)
    expect(corrections[0]!.note).toBe('Fixed a fictional typo.')
    expect(JSON.stringify(corrections[0]!.before)).toContain('Fictional **body**.')
    const text = await db
      .selectFrom('publication_texts')
      .select('body')
      .where('slug', '=', 'fictional-pressland-downgraded')
      .executeTakeFirstOrThrow()
    expect(text.body).toBe('Corrected fictional body.')
  })

  it('unschedules a publication and the items scheduled with it, and publishes at once on request', async () => {
    const { app, database } = t()
    const db = database.db
    const created = await postForm(
      app,
      editor,
      base,
      release('fictional-statement')
        .filter(([k]) => !k.endsWith('_ru'))
        .map(([k, v]): [string, string] => (k === 'kind' ? [k, 'statement'] : [k, v])),
    )
    const id = Number(/\/(\d+)$/.exec(created.headers.location as string)![1])
    const updateId = await makeUpdate(db, { countryCode: 'XPA' }, { now, status: 'submitted' })
    await db.updateTable('updates').set({ status: 'approved' }).where('id', '=', updateId).execute()
    await db.insertInto('publication_updates').values({ publication_id: id, update_id: updateId }).execute()
    await postForm(app, editor, `${base}/${id}/workflow`, [['action', 'submit']])
    await postForm(app, editor, `${base}/${id}/workflow`, [
      ['action', 'schedule'],
      ['embargo_until', '2031-01-01T00:00'],
      ['zone', 'UTC'],
    ])
    expect((await postForm(app, editor, `${base}/${id}/workflow`, [['action', 'unschedule']])).statusCode).toBe(303)
    expect((await db.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirstOrThrow()).status).toBe('approved')
    expect((await postForm(app, editor, `${base}/${id}/workflow`, [['action', 'publish_now']])).statusCode).toBe(303)
    expect((await db.selectFrom('publications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('published')
    expect((await db.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirstOrThrow()).status).toBe('published')
    const again = await postForm(app, editor, `${base}/${id}/workflow`, [['action', 'submit']])
    expect(again.statusCode).toBe(409)
    // The refusal names the state and the steps possible from it, in the reader's language.
    const russian = await postForm(app, editor, `/ru${base}/${id}/workflow`, [['action', 'submit']])
    expect(russian.body).toContain('Этот шаг невозможен, пока публикация в статусе «Опубликована». Сейчас возможно: Отозвать.')
    const arabic = await postForm(app, editor, `/ar${base}/${id}/workflow`, [['action', 'return']])
    expect(arabic.body).toContain('هذه الخطوة غير ممكنة ما دام المنشور في حالة «منشور». الممكن الآن: سحب.')
  })

  it('proposes addresses from Russian and Arabic titles, and shows media contacts without a name', async () => {
    const { app, database } = t()
    const created = await postForm(app, editor, base, [
      ['kind', 'statement'],
      ['title_ru', 'Вымышленный пресс-релиз о Прессландии'],
      ['contact_email_ru_0', 'media@example.org'],
      ['title_ar', 'بيان خيالي عن بريسلاند'],
      ['contact_role_ar_0', 'المكتب الإعلامي'],
      ['contact_phone_ar_0', '+1 555 0100'],
      ['contact_phone_ar_1', '+1 555 0199'],
    ])
    expect(created.statusCode).toBe(303)
    const id = Number(/\/(\d+)$/.exec(created.headers.location as string)![1])
    const slugs = await database.db
      .selectFrom('publication_texts')
      .select(['language', 'slug'])
      .where('publication_id', '=', id)
      .orderBy('language')
      .execute()
    expect(slugs).toEqual([
      { language: 'ar', slug: 'byn-khyly-n-bryslnd' },
      { language: 'ru', slug: 'vymyshlennyy-press-reliz-o-presslandii' },
    ])
    // The editor sees the proposed addresses, which stay editable, and what a contact needs.
    const edit = await app.inject({ url: `${base}/${id}/edit`, headers: { cookie: editor.cookie } })
    expect(edit.body).toMatch(/<input(?=[^>]*id="slug_ru")[^>]*value="vymyshlennyy-press-reliz-o-presslandii"/)
    expect(edit.body).toContain('Each contact needs an e-mail address or a phone number')
    await postForm(app, editor, `${base}/${id}/workflow`, [['action', 'submit']])
    expect((await postForm(app, editor, `${base}/${id}/workflow`, [['action', 'publish_now']])).statusCode).toBe(303)
    const ru = await app.inject({ url: '/ru/press/vymyshlennyy-press-reliz-o-presslandii' })
    expect(ru.statusCode).toBe(200)
    expect(ru.body).toContain('<li><a href="mailto:media@example.org">media@example.org</a></li>')
    const ar = await app.inject({ url: '/ar/press/byn-khyly-n-bryslnd' })
    expect(ar.body).toContain('<li><strong>المكتب الإعلامي</strong> · <a href="tel:+15550100" dir="ltr">+1 555 0100</a></li>')
    expect(ar.body).toContain('<li><a href="tel:+15550199" dir="ltr">+1 555 0199</a></li>')
    expect(ar.body).not.toContain('<strong></strong>')
  })

  it('links a report to its watchlist edition and findings to their year, on the public page once both are published', async () => {
    const { app, database } = t()
    const db = database.db
    const edition = await db
      .insertInto('watchlist_editions')
      .values({ title: 'Fictional watchlist edition', edition_date: '2030-02-01' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const fields = (slug: string, extra: [string, string][]) =>
      release(slug)
        .filter(([k]) => !k.endsWith('_ru'))
        .concat(extra)
    const bad = await postForm(
      app,
      editor,
      base,
      fields('fictional-report', [
        ['watchlist_edition', '999999'],
        ['findings_year', '20x0'],
      ]),
    )
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Give a year with four digits')
    // The editor offers the watchlist's editions (app.ts passes the watchlist's read in).
    expect(bad.body).toContain('Fictional watchlist edition (2030-02-01)')
    const unknown = await postForm(app, editor, base, fields('fictional-report', [['watchlist_edition', '999999']]))
    expect(unknown.body).toContain('These do not exist: 999999')
    const created = await postForm(
      app,
      editor,
      base,
      fields('fictional-report', [
        ['watchlist_edition', String(edition.id)],
        ['findings_year', '2029'],
      ]),
    )
    const id = Number(/\/(\d+)$/.exec(created.headers.location as string)![1])
    await postForm(app, editor, `${base}/${id}/workflow`, [['action', 'submit']])
    await postForm(app, editor, `${base}/${id}/workflow`, [['action', 'publish_now']])
    const draftEdition = await app.inject({ url: '/press/fictional-report' })
    expect(draftEdition.body).toContain('href="/findings/2029"')
    // A draft edition is not linked from a public page.
    expect(draftEdition.body).not.toContain(`/watchlist/${edition.id}`)
    await db.updateTable('watchlist_editions').set({ status: 'published', published_at: now }).where('id', '=', edition.id).execute()
    expect((await app.inject({ url: '/press/fictional-report' })).body).toContain(`href="/watchlist/${edition.id}"`)
    // And the edition's page leads to its report.
    expect((await app.inject({ url: `/watchlist/${edition.id}` })).body).toContain('href="/press/fictional-report"')
  })
  it('shows a mailing’s progress to editors, and withdraws a publication through the form: marked at its address and in the feed, its unsent e-mails cancelled', async () => {
    const { app, database } = t()
    const db = database.db
    const created = await postForm(app, editor, base, release('fictional-withdrawn-release'))
    const id = Number(/\/(\d+)$/.exec(created.headers.location as string)![1])
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
          // (a session of today: the ones made at the start have expired by now)
          await signedIn(db, (await createUser(db, { roles: ['researcher'] })).id, now),
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
