import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createResearcher, createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'
import { DEFAULT_METHODOLOGY } from '../methodology/methodology.js'
import { computeScores } from '../methodology/scores.service.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('assessment pages on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const count = async () => {
    const row = await t()
      .database.db.selectFrom('assessments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }
  const fields = (country: string, overrides: Record<string, string> = {}): [string, string][] =>
    Object.entries({
      country,
      kind: 'analysis',
      period_start: '2030-01-01',
      period_end: '2030-03-31',
      association: '44',
      assembly: '',
      expression: '38',
      trend: 'declining',
      justification: 'Fictional **coded** reading of the quarter.',
      ...overrides,
    })
  const signIn = async (userId: number) => signedIn(t().database.db, userId, NOW)

  it('lets a researcher enter an assessment for their country, and shows it with its Markdown rendered', async () => {
    const { app, database } = t()
    const mine = await createCountry(database.db)
    const researcher = await signIn((await createResearcher(database.db, [mine.code])).id)
    const form = await app.inject({ url: '/workspace/assessments/new', headers: { cookie: researcher.cookie } })
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('never edited or deleted')
    const saved = await postForm(app, researcher, '/workspace/assessments/new', fields(mine.code))
    expect(saved.statusCode).toBe(303)
    const location = String(saved.headers.location)
    expect(location).toMatch(/^\/workspace\/assessments\/\d+\?saved=yes$/)
    const page = await app.inject({ url: location, headers: { cookie: researcher.cookie } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Assessment saved.')
    expect(page.body).toContain('<strong>coded</strong>')
    expect(page.body).toContain('Key analysis')
    expect(page.body).toContain('not scored')
    expect(page.body).toContain('Enter a correction')
    const row = await database.db.selectFrom('assessments').selectAll().where('country_code', '=', mine.code).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ association: 44, assembly: null, expression: 38, trend: 'declining', kind: 'analysis' })
    const audit = await database.db.selectFrom('audit_log').select('actor').where('subject', '=', 'assessments').execute()
    expect(audit.map((a) => a.actor)).toContain(`user:${row.author_id}`)
  })

  it("refuses a researcher's assessment for a country not assigned to them with 403, and saves nothing", async () => {
    const { app, database } = t()
    const mine = await createCountry(database.db)
    const theirs = await createCountry(database.db)
    const researcher = await signIn((await createResearcher(database.db, [mine.code])).id)
    const form = await app.inject({ url: '/workspace/assessments/new', headers: { cookie: researcher.cookie } })
    expect(form.body).toContain(`value="${mine.code}"`)
    expect(form.body).not.toContain(`value="${theirs.code}"`)
    const before = await count()
    const refused = await postForm(app, researcher, '/workspace/assessments/new', fields(theirs.code))
    expect(refused.statusCode).toBe(403)
    expect(refused.body).toContain('You can enter assessments only for the countries you are assigned to.')
    expect(await count()).toBe(before)
  })

  it('refuses each bad input with a message per field, keeps what was typed and saves nothing', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const editor = await signIn((await createUser(database.db, { roles: ['editor'] })).id)
    const before = await count()
    const cases: [Record<string, string>, string][] = [
      [{ period_end: '2029-12-31' }, 'The period ends before it starts'],
      [{ association: '101' }, 'Give the association score as a whole number from 1 to 100'],
      [{ expression: '0' }, 'Give the expression score as a whole number from 1 to 100'],
      [{ assembly: '50.5' }, 'Give the peaceful assembly score as a whole number from 1 to 100'],
      [{ association: '', expression: '' }, 'Give at least one score'],
      [{ justification: '   ' }, 'Explain the assessment in 1 to 10,000 characters.'],
      [{ trend: '' }, 'Choose the trend: declining, stable or improving.'],
      [{ kind: 'rumour' }, 'Choose the kind: key analysis or partner input.'],
      [{ period_start: '2030-07-01', period_end: '2030-08-01' }, 'Give the first day of the period as a date'],
      [{ period_end: '31/03/2030' }, 'Give the last day of the period as a date'],
      [{ country: 'XQZ' }, 'Choose the country this assessment is about.'],
    ]
    for (const [overrides, message] of cases) {
      const res = await postForm(
        app,
        editor,
        '/workspace/assessments/new',
        fields(code, { ...overrides, justification: overrides.justification ?? 'Fictional typed text' }),
      )
      expect(res.statusCode, message).toBe(422)
      expect(res.body, message).toContain(message)
      if (!('justification' in overrides)) expect(res.body, message).toContain('Fictional typed text</textarea>')
    }
    expect(await count()).toBe(before)
  })

  it('lists the assessments each person may see: editors all, researchers their countries, filtered by country', async () => {
    const { app, database } = t()
    const mine = await createCountry(database.db, { name: 'Fictional Borduria' })
    const theirs = await createCountry(database.db, { name: 'Fictional Syldavia' })
    const editor = await signIn((await createUser(database.db, { roles: ['editor'] })).id)
    const researcherUser = await createResearcher(database.db, [mine.code])
    const researcher = await signIn(researcherUser.id)
    const panelist = await signIn((await createUser(database.db, { roles: ['panelist'] })).id)
    await postForm(app, editor, '/workspace/assessments/new', fields(mine.code))
    const other = await postForm(app, editor, '/workspace/assessments/new', fields(theirs.code, { kind: 'partner' }))
    const otherPath = String(other.headers.location).split('?')[0]!

    const list = (who: { cookie: string }, query = '') =>
      app.inject({ url: `/workspace/assessments${query}`, headers: { cookie: who.cookie } })
    const researcherList = (await list(researcher)).body
    expect(researcherList).toContain('Fictional Borduria')
    expect(researcherList).not.toContain('Fictional Syldavia')
    expect((await list(editor)).body).toContain('Fictional Syldavia')
    const filtered = (await list(editor, `?country=${theirs.code}`)).body
    expect(filtered).toContain('Partner input')
    expect(filtered).toContain('class="table-scroll"')
    expect(filtered.match(/<tbody>[\s\S]*<\/tbody>/)![0]).not.toContain('Fictional Borduria')
    expect((await list(panelist)).body).toContain('Fictional Syldavia')
    expect((await list(panelist)).body).not.toContain('/workspace/assessments/new')
    expect((await app.inject({ url: otherPath, headers: { cookie: researcher.cookie } })).statusCode).toBe(403)
    expect((await app.inject({ url: otherPath, headers: { cookie: panelist.cookie } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/workspace/assessments/999999', headers: { cookie: editor.cookie } })).statusCode).toBe(404)
    // Panelists read, but do not enter assessments.
    expect((await app.inject({ url: '/workspace/assessments/new', headers: { cookie: panelist.cookie } })).statusCode).toBe(403)
    expect((await postForm(app, panelist, '/workspace/assessments/new', fields(mine.code))).statusCode).toBe(403)
    expect((await app.inject({ url: '/ru/workspace/assessments', headers: { cookie: researcher.cookie } })).body).toContain('Оценки')
    expect((await app.inject('/workspace/assessments')).statusCode).toBe(303)
  })

  it('prefills a correction with the country, kind and period; the latest entered counts', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const editor = await signIn((await createUser(database.db, { roles: ['editor'] })).id)
    const first = await postForm(app, editor, '/workspace/assessments/new', fields(code, { association: '60' }))
    const page = await app.inject({ url: String(first.headers.location), headers: { cookie: editor.cookie } })
    const link = /href="([^"]*\/workspace\/assessments\/new\?[^"]*)"/.exec(page.body)![1]!.replace(/&amp;/g, '&')
    const prefilled = await app.inject({ url: link, headers: { cookie: editor.cookie } })
    expect(prefilled.body).toContain('value="2030-01-01"')
    expect(prefilled.body).toContain('value="2030-03-31"')
    expect(prefilled.body).toMatch(new RegExp(`<option value="${code}" selected`))
    await postForm(app, editor, '/workspace/assessments/new', fields(code, { association: '52' }))
    await postForm(
      app,
      editor,
      '/workspace/assessments/new',
      fields(code, { period_start: '2029-10-01', period_end: '2029-12-31', association: '70' }),
    )
    await postForm(app, editor, '/workspace/assessments/new', fields(code, { kind: 'partner', association: '20' }))
    // The engine takes, per kind, the period that ended last by the date; for the same period, the one entered last.
    const used = async (kind: 'analysis' | 'partner', date: string) => {
      const breakdown = (await computeScores(database.db, DEFAULT_METHODOLOGY, [date], [code])).get(date)!.get(code)!
      return breakdown.freedoms.find((f) => f.freedom === 'association')!.items.find((i) => i.kind === kind)?.raw ?? null
    }
    expect(await used('analysis', '2030-06-01')).toBe(52)
    expect(await used('analysis', '2030-03-30')).toBe(70)
    expect(await used('partner', '2030-06-01')).toBe(20)
    expect(await used('analysis', '2029-12-30')).toBeNull()
  })
})
