import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createUser, rateCountry } from '../../../test/helpers/factories.js'
import { signedIn, type SignedIn } from '../../../test/helpers/forms.js'
import { ensureMethodology } from '../../../test/helpers/ratings.js'
import { publishDue } from '../../../test/helpers/publishing.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('the rating decisions API on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const db = () => t().database.db
  const as = async (roles: Parameters<typeof createUser>[1]['roles']) => signedIn(db(), (await createUser(db(), { roles })).id, NOW)
  const call = (who: SignedIn, method: 'POST' | 'PUT', url: string, payload: object) =>
    t().app.inject({ method, url, payload, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } })

  it('drafts, votes, schedules and publishes with the checks of the forms', async () => {
    await ensureMethodology(db())
    const { code } = await createCountry(db())
    await rateCountry(db(), code, 'open', '2029-01-01', 85)
    const editor = await as(['editor'])
    const draft = { country: code, toCategory: 'narrowed', toScore: 70, rationale: { fr: 'Justification fictive.' } }
    const bad = await call(editor, 'POST', '/api/v1/decisions', { ...draft, toScore: 90 })
    expect(bad.statusCode).toBe(422)
    expect(bad.json<{ error: { details: { message: string }[] } }>().error.details[0]!.message).toContain('outside the band')
    expect((await call(await as(['panelist']), 'POST', '/api/v1/decisions', draft)).statusCode).toBe(403)
    expect(await db().selectFrom('rating_decisions').select('id').where('country_code', '=', code).execute()).toEqual([])

    const created = await call(editor, 'POST', '/api/v1/decisions', draft)
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ status: 'draft', warnings: [] })
    const { id } = created.json<{ id: number }>()
    expect((await call(editor, 'POST', `/api/v1/decisions/${id}/workflow`, { action: 'submit' })).json()).toEqual({
      id,
      status: 'panel_review',
    })
    for (let i = 0; i < 3; i++) {
      expect(
        (await call(await as(['panelist']), 'POST', `/api/v1/decisions/${id}/votes`, { vote: 'approve', comment: 'Fictional.' }))
          .statusCode,
      ).toBe(200)
    }
    expect((await call(editor, 'POST', `/api/v1/decisions/${id}/votes`, { vote: 'approve' })).statusCode).toBe(403)
    expect((await call(editor, 'POST', `/api/v1/decisions/${id}/workflow`, { action: 'close' })).json()).toEqual({ id, status: 'approved' })
    const again = await call(editor, 'POST', `/api/v1/decisions/${id}/workflow`, { action: 'close' })
    expect(again.statusCode).toBe(409)
    expect(again.json<{ error: { message: string } }>().error.message).toBe(
      'That step is not possible while the decision is “Approved by the panel”. Possible now: Return to draft (clears the votes), ' +
        'Schedule publication, Show "rating under review" publicly, or Stop showing "under review".',
    )
    const early = await call(editor, 'POST', `/api/v1/decisions/${id}/workflow`, {
      action: 'schedule',
      embargoUntil: '2030-05-01T00:00:00Z',
    })
    expect(early.statusCode).toBe(409)
    const scheduled = await call(editor, 'POST', `/api/v1/decisions/${id}/workflow`, {
      action: 'schedule',
      embargoUntil: '2030-06-20T00:01:00+06:00',
    })
    expect(scheduled.json()).toEqual({ id, status: 'scheduled' })
    expect((await t().app.inject(`/api/v1/decisions/${id}`)).statusCode).toBe(404)
    expect((await publishDue(db(), new Date('2030-06-19T18:01:00Z'))).decisions).toEqual([id])
    const published = (await t().app.inject(`/api/v1/decisions/${id}`)).json<{ rationale: object; publishedAt: string }>()
    expect(published).toMatchObject({ rationale: { fr: 'Justification fictive.' }, publishedAt: '2030-06-19T18:01:00.000Z' })
  })
  it('answers a save with the links each rationale shows as text only, and why', async () => {
    await ensureMethodology(db())
    const { code } = await createCountry(db())
    await rateCountry(db(), code, 'open', '2029-01-01', 85)
    const editor = await as(['editor'])
    const rationale = {
      ru: 'Понижение [из-за повсеместных нарушений](#), см. [обновление](/ru/updates/1).',
      ar: 'خفض التصنيف [بسبب الانتهاكات](data:text/html,x).',
    }
    const draft = { country: code, toCategory: 'narrowed', toScore: 70, rationale }
    const created = await call(editor, 'POST', '/api/v1/decisions', draft)
    expect(created.statusCode).toBe(201)
    const warnings = (response: typeof created) =>
      response.json<{ warnings: { field: string; reason: string; text: string; message: string }[] }>().warnings
    expect(warnings(created).map((w) => [w.field, w.reason, w.text])).toEqual([
      ['rationale_ru', 'empty', 'из-за повсеместных нарушений'],
      ['rationale_ar', 'scheme', 'بسبب الانتهاكات'],
    ])
    expect(warnings(created)[1]!.message).toBe('“بسبب الانتهاكات”: data:text/html,x is not a web or e-mail address.')
    const { id } = created.json<{ id: number }>()
    const changed = await call(editor, 'PUT', `/api/v1/decisions/${id}`, { ...draft, rationale: { ru: 'Без ссылок.' } })
    expect(changed.json()).toEqual({ id, status: 'draft', warnings: [] })
  })
})
