import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createResearcher, createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('assessments API on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const count = async () =>
    Number(
      (
        await t()
          .database.db.selectFrom('assessments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  /** A personal API token for a new user with one role (researchers: for these countries). */
  async function token(role: 'researcher' | 'editor' | 'panelist', countries: string[] = []) {
    const { app, database } = t()
    const user = role === 'researcher' ? await createResearcher(database.db, countries) : await createUser(database.db, { roles: [role] })
    const session = await signedIn(database.db, user.id, NOW)
    const made = await postForm(app, session, '/account/tokens', [
      ['name', 'fictional script'],
      ['roles', role],
    ])
    return { authorization: `Bearer ${/<code class="secret">(cm_[\w-]{43})<\/code>/.exec(made.body)![1]!}` }
  }
  const post = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    t().app.inject({ method: 'POST', url: '/api/v1/assessments', headers, payload })
  const body = (country: string) => ({
    country,
    kind: 'partner',
    periodStart: '2030-01-01',
    periodEnd: '2030-04-30',
    association: 31,
    assembly: null,
    trend: 'stable',
    justification: 'Fictional partner judgement.',
  })

  it('creates assessments with a token, with the forms’ permissions and messages', async () => {
    const mine = await createCountry(t().database.db)
    const theirs = await createCountry(t().database.db)
    const researcher = await token('researcher', [mine.code])
    const before = await count()

    expect((await post({}, body(mine.code))).statusCode).toBe(401)
    const forbidden = await post(researcher, body(theirs.code))
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json<{ error: { message: string } }>().error.message).toBe(
      'You can enter assessments only for the countries you are assigned to.',
    )
    expect((await post(await token('panelist'), body(mine.code))).statusCode).toBe(403)
    expect((await post(researcher, { ...body(mine.code), surprise: true })).statusCode).toBe(400)
    expect((await post(researcher, { ...body(mine.code), association: '31' })).statusCode).toBe(400)
    const bad = await post(researcher, { ...body(mine.code), association: 150, periodEnd: '2029-01-01', justification: '' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json<{ error: { details: { field: string; message: string }[] } }>().error.details).toEqual([
      { field: 'period_end', message: 'The period ends before it starts: the last day must be on or after the first.' },
      { field: 'association', message: 'Give the association score as a whole number from 1 to 100, or leave it blank.' },
      { field: 'justification', message: 'Explain the assessment in 1 to 10,000 characters.' },
    ])
    const none = await post(researcher, { ...body(mine.code), association: null })
    expect(none.json<{ error: { details: { message: string }[] } }>().error.details[0]?.message).toBe(
      'Give at least one score: association, peaceful assembly or expression.',
    )
    expect(await count()).toBe(before)

    const created = await post(researcher, body(mine.code))
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      country: mine.code,
      kind: 'partner',
      periodStart: '2030-01-01',
      periodEnd: '2030-04-30',
      scores: { association: 31, assembly: null, expression: null },
      trend: 'stable',
    })
    expect(await count()).toBe(before + 1)
    // An editor may assess any country.
    expect((await post(await token('editor'), body(theirs.code))).statusCode).toBe(201)
    // A browser session works too, with its CSRF token.
    const session = await signedIn(t().database.db, (await createUser(t().database.db, { roles: ['editor'] })).id, NOW)
    expect((await post({ cookie: session.cookie }, body(mine.code))).statusCode).toBe(403)
    expect((await post({ cookie: session.cookie, 'x-csrf-token': session.csrf }, body(mine.code))).statusCode).toBe(201)
    expect(await count()).toBe(before + 3)
  })

  it('lists what each reader may see, newest first, with a cursor', async () => {
    const mine = await createCountry(t().database.db)
    const theirs = await createCountry(t().database.db)
    const editor = await token('editor')
    const researcher = await token('researcher', [mine.code])
    for (let i = 0; i < 3; i++) await post(editor, { ...body(mine.code), association: 40 + i })
    await post(editor, body(theirs.code))
    const get = (headers: Record<string, string>, query: string) => t().app.inject({ url: `/api/v1/assessments${query}`, headers })

    expect((await get({}, '')).statusCode).toBe(401)
    const own = await get(researcher, '')
    expect(own.statusCode).toBe(200)
    expect(own.headers['cache-control']).toBe('no-store')
    const countries = own.json<{ assessments: { country: string }[] }>().assessments.map((a) => a.country)
    expect(new Set(countries)).toEqual(new Set([mine.code]))
    expect((await get(researcher, `?country=${theirs.code}`)).statusCode).toBe(403)
    expect((await get(researcher, '?country=nope')).statusCode).toBe(400)
    const panel = await get(await token('panelist'), `?country=${theirs.code}`)
    expect(panel.json<{ assessments: unknown[] }>().assessments).toHaveLength(1)
    const all = (await get(editor, `?country=${mine.code}`)).json<{ assessments: { id: number; scores: { association: number } }[] }>()
    expect(all.assessments.map((a) => a.scores.association)).toEqual([42, 41, 40])
    const page = (await get(editor, `?country=${mine.code}&cursor=${all.assessments[0]!.id}`)).json<{ assessments: unknown[] }>()
    expect(page.assessments).toHaveLength(2)
    expect((await get(editor, '?kind=partner')).json<{ assessments: unknown[] }>().assessments.length).toBeGreaterThanOrEqual(4)
    expect((await get(editor, '?kind=analysis')).json<{ assessments: unknown[] }>().assessments).toHaveLength(0)
  })
})
