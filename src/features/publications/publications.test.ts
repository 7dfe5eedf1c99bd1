import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { postForm } from '../../../test/helpers/forms.js'
import { createdId, release, usePublicationDesk, publicationsBase as base } from '../../../test/helpers/publication-forms.js'

/** Writing publications through the forms: refusals, who may write, proposed addresses, links to other items. */
describe.each(backends)('writing publications on %s', (kind) => {
  const desk = usePublicationDesk(kind)
  const t = desk.app
  const count = async (table: 'publications' | 'publication_texts') =>
    Number(
      (
        await t()
          .database.db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('refuses bad input with a message per field and saves nothing', async () => {
    const { editor } = desk
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
    const { editor } = desk
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
    const id = createdId(created)
    const page = (prefix: string) => app.inject({ url: `${prefix}${base}/${id}`, headers: { cookie: editor.cookie } })
    const english = (await page('')).body
    expect(english).toContain('Links shown as text only')
    expect(english).toContain('Russian: “из-за повсеместных нарушений”: the link has no address yet.')
    expect(english).toContain('Arabic: “هذا”: data:text/html,x is not a web or e-mail address.')
    expect(english).not.toContain('страну')
    expect((await page('/ar')).body).toContain('«هذا»: data:text/html,x ليس عنوان ويب ولا عنوان بريد إلكتروني.')
  })

  it('lets only editors write', async () => {
    const { researcher } = desk
    const { app } = t()
    expect((await postForm(app, researcher, base, release('fictional-researcher'))).statusCode).toBe(403)
    expect((await app.inject({ url: base })).statusCode).toBeGreaterThanOrEqual(300)
    expect((await app.inject({ url: base, headers: { cookie: researcher.cookie } })).statusCode).toBe(403)
  })

  it('proposes addresses from Russian and Arabic titles, and shows media contacts without a name', async () => {
    const { editor } = desk
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
    const id = createdId(created)
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
    const { editor, now } = desk
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
    const id = createdId(created)
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
})
