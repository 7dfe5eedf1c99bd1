import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createResearcher, createUser, rateCountry } from '../../../test/helpers/factories.js'
import { postForm, signedIn, type SignedIn } from '../../../test/helpers/forms.js'
import { ensureMethodology } from '../../../test/helpers/ratings.js'
import { makeUpdate } from '../../../test/helpers/updates.js'
import { publishDue } from '../../../test/helpers/publishing.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('rating decisions on %s', (kind) => {
  const now = NOW
  const t = useTestApp(kind, { clock: () => now })
  const db = () => t().database.db
  const staff = async (roles: Parameters<typeof createUser>[1]['roles']) => signedIn(db(), (await createUser(db(), { roles })).id, now)
  const count = async () =>
    Number(
      (
        await db()
          .selectFrom('rating_decisions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  async function setting() {
    await ensureMethodology(db())
    const country = await createCountry(db())
    const other = await createCountry(db())
    await rateCountry(db(), country.code, 'narrowed', '2029-01-01', 70)
    const evidence = await makeUpdate(db(), { countryCode: country.code, title: 'Fictional crackdown on a fictional march' }, { now })
    const elsewhere = await makeUpdate(db(), { countryCode: other.code }, { now })
    return { country, other, evidence, elsewhere, editor: await staff(['editor']) }
  }

  const draftFields = (code: string, evidence: string, score = '50'): [string, string][] => [
    ['country', code],
    ['to_category', 'obstructed'],
    ['to_score', score],
    ['rationale_en', 'Fictional rationale: repeated dispersal of fictional assemblies.'],
    ['rationale_ru', 'Вымышленное обоснование.'],
    ['evidence', evidence],
  ]

  const draft = async (who: SignedIn, code: string, evidence: string) => {
    const res = await postForm(t().app, who, '/workspace/decisions', draftFields(code, evidence))
    expect(res.statusCode, res.body).toBe(303)
    return Number(/\/workspace\/decisions\/(\d+)$/.exec(res.headers.location as string)![1])
  }
  const step = (who: SignedIn, id: number, action: string, extra: [string, string][] = []) =>
    postForm(t().app, who, `/workspace/decisions/${id}/workflow`, [['action', action], ...extra])
  const vote = (who: SignedIn, id: number, choice: string, comment = 'Fictional comment') =>
    postForm(t().app, who, `/workspace/decisions/${id}/vote`, [
      ['vote', choice],
      ['comment', comment],
    ])

  it('refuses bad drafts with a clear message and saves nothing', async () => {
    const { country, other, elsewhere, editor } = await setting()
    const before = await count()
    const outOfBand = await postForm(t().app, editor, '/workspace/decisions', draftFields(country.code, '', '75'))
    expect(outOfBand.statusCode).toBe(422)
    expect(outOfBand.body).toContain('outside the band')
    const foreign = await postForm(t().app, editor, '/workspace/decisions', draftFields(country.code, String(elsewhere)))
    expect(foreign.statusCode).toBe(422)
    expect(foreign.body).toContain(`not published updates about this country: ${elsewhere}`)
    const noRationale = await postForm(t().app, editor, '/workspace/decisions', [
      ['country', country.code],
      ['to_category', 'closed'],
      ['to_score', '10'],
    ])
    expect(noRationale.body).toContain('at least one language')
    const researcher = await signedIn(db(), (await createResearcher(db(), [other.code])).id, now)
    const notTheirs = await postForm(t().app, researcher, '/workspace/decisions', draftFields(country.code, ''))
    expect(notTheirs.statusCode).toBe(403)
    expect(await count()).toBe(before)
  })

  it('shows the rationale with links to the site as links and says which links are shown as text only, in each language', async () => {
    // Its own country code: the factories' 26 fictional codes are all taken by the other tests of this file.
    await ensureMethodology(db())
    const { code } = await createCountry(db(), { code: 'XLN', name: 'Fictional Linkland' })
    await rateCountry(db(), code, 'narrowed', '2029-01-01', 70)
    const editor = await staff(['editor'])
    const fields = draftFields(code, '').map(([k, v]): [string, string] =>
      k === 'rationale_ru' ? [k, 'Понижение [из-за повсеместных нарушений](#), см. [обновление](/ru/updates/1).'] : [k, v],
    )
    const res = await postForm(t().app, editor, '/workspace/decisions', [
      ...fields,
      ['rationale_ar', 'خفض [بسبب الانتهاكات](javascript:alert(1)).'],
    ])
    expect(res.statusCode, res.body).toBe(303)
    const id = Number(/\/workspace\/decisions\/(\d+)$/.exec(res.headers.location as string)![1])
    const page = (locale: string) => t().app.inject({ url: `${locale}/workspace/decisions/${id}`, headers: { cookie: editor.cookie } })
    const english = (await page('')).body
    expect(english).toContain('<p>Понижение из-за повсеместных нарушений, см. <a href="/ru/updates/1">обновление</a>.</p>')
    expect(english).toContain('Links shown as text only')
    expect(english).toContain('Russian: “из-за повсеместных нарушений”: the link has no address yet.')
    expect(english).toContain('Arabic: “بسبب الانتهاكات”: javascript:alert(1) is not a web or e-mail address.')
    const russian = (await page('/ru')).body
    expect(russian).toContain('Русский: «из-за повсеместных нарушений»: у ссылки ещё нет адреса.')
    expect(russian).not.toMatch(/\]\(|href="#"|href="javascript/)
  })

  it('goes from draft through the panel to a rating published exactly once at the embargo', async () => {
    const { country, evidence, editor } = await setting()
    const id = await draft(editor, country.code, `#${evidence}`)
    const page = await t().app.inject({ url: `/workspace/decisions/${id}`, headers: { cookie: editor.cookie } })
    expect(page.body).toContain('Fictional crackdown on a fictional march')
    expect(page.body).toContain('Fictional rationale')

    const panel = [await staff(['panelist']), await staff(['panelist']), await staff(['panelist']), await staff(['panelist'])]
    expect((await vote(panel[0]!, id, 'approve')).statusCode).toBe(409) // still a draft
    expect((await step(editor, id, 'submit')).statusCode).toBe(303)
    // Sent again: refused, naming the state and the steps possible from it, in the reader's language.
    const russian = await postForm(t().app, editor, `/ru/workspace/decisions/${id}/workflow`, [['action', 'submit']])
    expect(russian.statusCode).toBe(409)
    expect(russian.body).toContain('Этот шаг невозможен, пока решение в статусе «На рассмотрении экспертной группы». Сейчас возможно:')
    const arabic = await postForm(t().app, editor, `/ar/workspace/decisions/${id}/workflow`, [
      ['action', 'schedule'],
      ['embargo_until', '2030-07-01T00:00'],
      ['zone', 'UTC'],
    ])
    expect(arabic.body).toContain(
      'هذه الخطوة غير ممكنة ما دام القرار في حالة «معروض على اللجنة». الممكن الآن: الإعادة إلى المسودة (تُمحى الأصوات)',
    )
    expect((await vote(panel[0]!, id, 'approve')).statusCode).toBe(303)
    expect((await vote(panel[1]!, id, 'conflict', 'I advise a fictional party')).statusCode).toBe(303)
    const conflicted = await vote(panel[1]!, id, 'approve')
    expect(conflicted.statusCode).toBe(409)
    expect(conflicted.body).toContain('conflict of interest')
    expect((await vote(panel[2]!, id, 'reject')).statusCode).toBe(303)
    const early = await step(editor, id, 'close')
    expect(early.statusCode).toBe(409)
    expect(early.body).toContain('quorum')
    expect((await step(panel[0]!, id, 'close')).statusCode).toBe(403) // panelists do not close
    expect((await vote(panel[3]!, id, 'approve')).statusCode).toBe(303)
    expect((await step(editor, id, 'close')).statusCode).toBe(303)
    expect((await db().selectFrom('rating_decisions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe(
      'approved',
    )

    const past = await step(editor, id, 'schedule', [
      ['embargo_until', '2030-05-01T10:00'],
      ['zone', 'UTC'],
    ])
    expect(past.body).toContain('in the future')
    expect(
      (
        await step(editor, id, 'schedule', [
          ['embargo_until', '2030-06-02T06:01'],
          ['zone', 'Asia/Almaty'],
        ])
      ).statusCode,
    ).toBe(303)

    const hidden = await t().app.inject({ url: `/decisions/${id}` })
    expect(hidden.statusCode).toBe(404)
    expect((await t().app.inject({ url: '/api/v1/decisions' })).body).not.toContain(`"id":${id}`)
    const ratingNow = async () =>
      (await t().app.inject({ url: '/api/v1/ratings?date=2030-06-05' }))
        .json<{ countries: { code: string; category: string }[] }>()
        .countries.find((c) => c.code === country.code)
    expect((await publishDue(db(), new Date('2030-06-01T23:59:00Z'))).decisions).toEqual([])
    expect((await ratingNow())?.category).toBe('narrowed')
    // 06:01 in Almaty (UTC+5) is 01:01 UTC.
    const first = publishDue(db(), new Date('2030-06-02T01:01:00Z'))
    const second = publishDue(db(), new Date('2030-06-02T01:02:00Z'))
    expect([...(await first).decisions, ...(await second).decisions]).toEqual([id])
    expect((await ratingNow())?.category).toBe('obstructed')
    const ratings = await db()
      .selectFrom('ratings')
      .selectAll()
      .where('country_code', '=', country.code)
      .orderBy('effective_date')
      .execute()
    expect(ratings.map((r) => [r.category, r.score, r.effective_date, Number(r.decision_id)])).toEqual([
      ['narrowed', 70, '2029-01-01', 0],
      ['obstructed', 50, '2030-06-02', id],
    ])

    const publicPage = await t().app.inject({ url: `/decisions/${id}` })
    expect(publicPage.statusCode).toBe(200)
    expect(publicPage.body).toContain('Fictional rationale')
    expect(publicPage.body).toContain('Fictional comment')
    expect(publicPage.body).not.toContain('I advise a fictional party') // a conflict's reason stays private
    const panelistNames = await db()
      .selectFrom('users')
      .select('display_name')
      .where(
        'id',
        'in',
        (await db().selectFrom('decision_votes').select('panelist_id').where('decision_id', '=', id).execute()).map((v) => v.panelist_id),
      )
      .execute()
    for (const { display_name } of panelistNames) expect(publicPage.body).not.toContain(display_name)
    const api = (await t().app.inject({ url: `/api/v1/decisions?country=${country.code}` })).json<{
      decisions: { id: number; to: { category: string } }[]
    }>()
    expect(api.decisions).toEqual([expect.objectContaining({ id, to: { category: 'obstructed', score: 50 } })])
    const item = (await t().app.inject({ url: `/api/v1/decisions/${id}` })).json<{ tally: { outcome: string }; votes: unknown[] }>()
    expect(item.tally.outcome).toBe('approved')
    expect(JSON.stringify(item)).not.toContain('panelist')
    const history = (await t().app.inject({ url: `/api/v1/countries/${country.code}/ratings` })).json<{
      ratings: { category: string; decision: number | null }[]
    }>()
    expect(history.ratings[0]).toMatchObject({ category: 'obstructed', decision: id })
    const countryPage = await t().app.inject({ url: `/countries/${country.slug}` })
    expect(countryPage.body).toContain('Why this rating')
    expect(countryPage.body).toContain(`/decisions/${id}`)
    const home = await t().app.inject('/?date=2030-06-05')
    expect(home.body).toContain('Latest rating changes')
    expect(home.body).toContain(`/decisions/${id}`)
  })

  it('shows "under review" while a flagged decision is pending, and lets researchers draft only for their countries', async () => {
    const { country, other, editor } = await setting()
    const researcher = await signedIn(db(), (await createResearcher(db(), [country.code])).id, now)
    const typed = await postForm(t().app, researcher, '/workspace/decisions', [...draftFields(country.code, ''), ['under_review', 'on']])
    const id = Number(/(\d+)$/.exec(typed.headers.location as string)![1])
    // A proposer's draft never flags the country publicly: that is the editors' call.
    expect((await t().app.inject({ url: `/countries/${country.slug}` })).body).not.toContain('Rating under review')
    expect((await t().app.inject({ url: `/workspace/decisions/${id}`, headers: { cookie: researcher.cookie } })).statusCode).toBe(200)
    const outsider = await signedIn(db(), (await createResearcher(db(), [other.code])).id, now)
    expect((await t().app.inject({ url: `/workspace/decisions/${id}`, headers: { cookie: outsider.cookie } })).statusCode).toBe(403)
    expect((await step(researcher, id, 'flag')).statusCode).toBe(403)
    expect((await step(editor, id, 'flag')).statusCode).toBe(303)
    const flagged = await db().selectFrom('rating_decisions').select('under_review').where('id', '=', id).executeTakeFirstOrThrow()
    expect(flagged.under_review).toBe(true)
    expect((await t().app.inject({ url: `/countries/${country.slug}` })).body).toContain('Rating under review')
    expect((await step(editor, id, 'unflag')).statusCode).toBe(303)
    expect((await t().app.inject({ url: `/countries/${country.slug}` })).body).not.toContain('Rating under review')
  })

  it('shows a refused vote again with the choice and the comment typed, not the vote stored', async () => {
    const { country, evidence, editor } = await setting()
    const id = await draft(editor, country.code, `#${evidence}`)
    expect((await step(editor, id, 'submit')).statusCode).toBe(303)
    const panelist = await staff(['panelist'])
    expect((await vote(panelist, id, 'approve', 'A fictional first view')).statusCode).toBe(303)
    const noChoice = await vote(panelist, id, '', 'A fictional <second> view')
    expect(noChoice.statusCode).toBe(422)
    expect(noChoice.body).toContain('>A fictional &lt;second> view</textarea>')
    expect(noChoice.body).toContain('<input type="radio" name="vote" value="approve" required/>')
    const tooLong = await vote(panelist, id, 'reject', `A fictional view ${'x'.repeat(5000)}`)
    expect(tooLong.statusCode).toBe(422)
    expect(tooLong.body).toContain('<input type="radio" name="vote" value="reject" required checked/>')
    expect(tooLong.body).toContain(`>A fictional view ${'x'.repeat(5000)}</textarea>`)
    expect(tooLong.body).toMatch(/<a href="#comment">Keep the comment to at most 5,?000 characters\.<\/a>/)
  })

  it('keeps a declared conflict through a return to draft, and lets nobody vote on their own draft', async () => {
    const { country } = await setting()
    const both = await createUser(db(), { roles: ['editor', 'panelist'] })
    const author = await signedIn(db(), both.id, now)
    const id = await draft(author, country.code, '')
    const conflicted = await staff(['panelist'])
    expect((await step(author, id, 'submit')).statusCode).toBe(303)
    const own = await vote(author, id, 'approve')
    expect(own.statusCode).toBe(409)
    expect(own.body).toContain('You drafted this decision')
    expect((await vote(conflicted, id, 'conflict', 'Fictional reason')).statusCode).toBe(303)
    expect((await step(author, id, 'return')).statusCode).toBe(303)
    expect((await step(author, id, 'submit')).statusCode).toBe(303)
    expect((await vote(conflicted, id, 'approve')).statusCode).toBe(409)
  })

  it('schedules one change per country at a time, and pages the published decisions by publication time', async () => {
    const { country, other, editor } = await setting()
    const panel = [await staff(['panelist']), await staff(['panelist']), await staff(['panelist'])]
    const approved = async (code: string) => {
      const id = await draft(editor, code, '')
      await step(editor, id, 'submit')
      for (const p of panel) await vote(p, id, 'approve')
      await step(editor, id, 'close')
      return id
    }
    const schedule = (id: number, at: string) =>
      step(editor, id, 'schedule', [
        ['embargo_until', at],
        ['zone', 'UTC'],
      ])
    // Drafted in one order, published in the other.
    const later = await approved(country.code)
    const earlier = await approved(country.code)
    expect((await schedule(later, '2030-06-03T00:00')).statusCode).toBe(303)
    const second = await schedule(earlier, '2030-06-02T00:00')
    expect(second.statusCode).toBe(409)
    expect(second.body).toContain('already scheduled')
    const elsewhere = await approved(other.code)
    expect((await schedule(elsewhere, '2030-06-02T00:00')).statusCode).toBe(303)
    await publishDue(db(), new Date('2030-06-04T00:00:00Z'))

    const seen: number[] = []
    let next: string | null = ''
    while (next !== null) {
      const page: { decisions: { id: number }[]; next: string | null } = (
        await t().app.inject(`/api/v1/decisions?limit=1${next ? `&before=${next}` : ''}`)
      ).json()
      seen.push(...page.decisions.map((d) => d.id))
      next = page.next
    }
    const all = await db()
      .selectFrom('rating_decisions')
      .select('id')
      .where('status', '=', 'published')
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .execute()
    expect(seen).toEqual(all.map((d) => Number(d.id)))
    expect(seen.indexOf(later)).toBeLessThan(seen.indexOf(elsewhere))
  })

  it('explains a computed score through the API, and refuses bad dates', async () => {
    const { country } = await setting()
    const score = await t().app.inject({ url: `/api/v1/countries/${country.code}/score?date=2030-06-01` })
    expect(score.statusCode).toBe(200)
    const body = score.json<{ country: string; date: string; freedoms: unknown[] }>()
    expect([body.country, body.date, body.freedoms.length]).toEqual([country.code, '2030-06-01', 3])
    expect((await t().app.inject({ url: `/api/v1/countries/${country.code}/score?date=2030-13-45` })).statusCode).toBe(400)
    expect((await t().app.inject({ url: '/api/v1/countries/XXZ/score' })).statusCode).toBe(404)
  })
})
