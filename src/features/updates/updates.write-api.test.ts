import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createResearcher, createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('writing updates through the API on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })

  /** A personal API token for a new user with these roles (and countries). */
  async function token(roles: 'researcher' | 'editor', countries: string[] = []) {
    const { app, database } = t()
    const user = roles === 'researcher' ? await createResearcher(database.db, countries) : await createUser(database.db, { roles: [roles] })
    const session = await signedIn(database.db, user.id, NOW)
    const made = await postForm(app, session, '/account/tokens', [
      ['name', 'fictional script'],
      ['roles', roles],
    ])
    return { authorization: `Bearer ${/<code class="secret">(cm_[\w-]{43})<\/code>/.exec(made.body)![1]!}` }
  }
  const call = (method: 'POST' | 'PUT', url: string, headers: Record<string, string>, payload: unknown) =>
    t().app.inject({ method, url, headers, payload: payload as Record<string, unknown> })

  it('creates, revises and moves an update through review with tokens, with the forms’ permissions', async () => {
    const { code } = await createCountry(t().database.db)
    const other = await createCountry(t().database.db)
    const writer = await token('researcher', [code])
    const editor = await token('editor')
    const draft = {
      country: code,
      language: 'en',
      title: 'Fictional API update',
      freedoms: ['expression'],
      tags: ['elections'],
      incidents: [
        {
          date: '2030-05-01',
          freedom: 'expression',
          type: 'censorship',
          detained: 2,
          sensitivity: 'restricted',
          restrictedNotes: 'Fictional secret',
        },
      ],
    }
    const created = await call('POST', '/api/v1/updates', writer, draft)
    expect(created.statusCode).toBe(201)
    const { id } = created.json<{ id: number }>()
    expect(created.json()).toMatchObject({ revision: 1, status: 'draft', warnings: [] })

    const bad = await call('POST', '/api/v1/updates', writer, {
      ...draft,
      title: '',
      tags: ['no-such-tag'],
      incidents: [{ date: '2031-01-01', freedom: 'expression', type: 'censorship' }],
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json<{ error: { details: { message: string }[] } }>().error.details.map((d) => d.message)).toEqual([
      'Give a title of 1 to 200 characters.',
      'Choose tags from the list.',
      'Incident 1: give the date it happened, not in the future.',
    ])
    expect((await call('POST', '/api/v1/updates', writer, { ...draft, country: other.code })).statusCode).toBe(422)
    expect((await call('POST', '/api/v1/updates', writer, { ...draft, surprise: true })).statusCode).toBe(400)

    expect(
      (await call('PUT', `/api/v1/updates/${id}`, writer, { ...draft, title: 'Fictional API update, revised', revision: 1 })).json(),
    ).toMatchObject({ revision: 2 })
    expect((await call('PUT', `/api/v1/updates/${id}`, writer, { ...draft, revision: 1 })).statusCode).toBe(409)
    expect((await call('POST', `/api/v1/updates/${id}/workflow`, writer, { action: 'approve' })).statusCode).toBe(403)
    expect((await call('POST', `/api/v1/updates/${id}/workflow`, writer, { action: 'submit' })).json()).toMatchObject({
      status: 'submitted',
    })
    // A step not possible from the state is a refusal that names the state and the steps possible for the caller.
    const again = await call('POST', `/api/v1/updates/${id}/workflow`, writer, { action: 'submit' })
    expect(again.statusCode).toBe(409)
    expect(again.json<{ error: { message: string } }>().error.message).toBe(
      'That step is not possible while the update is “Submitted”. Possible now: none.',
    )
    const early = await call('POST', `/api/v1/updates/${id}/workflow`, editor, { action: 'schedule', publishAt: '2030-06-02T00:00:00Z' })
    expect(early.statusCode).toBe(409)
    expect(early.json<{ error: { message: string } }>().error.message).toBe(
      'That step is not possible while the update is “Submitted”. Possible now: Request changes or Approve.',
    )
    expect((await call('POST', `/api/v1/updates/${id}/workflow`, editor, { action: 'request_changes' })).statusCode).toBe(422)
    expect((await call('POST', `/api/v1/updates/${id}/workflow`, editor, { action: 'approve' })).json()).toMatchObject({
      status: 'approved',
    })
    const scheduled = await call('POST', `/api/v1/updates/${id}/workflow`, editor, {
      action: 'schedule',
      publishAt: '2030-06-02T00:00:00+06:00',
    })
    expect(scheduled.json()).toMatchObject({ status: 'scheduled' })
    const stored = await t().database.db.selectFrom('updates').select('publish_at').where('id', '=', id).executeTakeFirstOrThrow()
    expect(stored.publish_at).toEqual(new Date('2030-06-01T18:00:00Z'))
    expect((await t().app.inject(`/api/v1/updates/${id}`)).statusCode).toBe(404)

    const outsider = await token('researcher', [other.code])
    expect((await call('PUT', `/api/v1/updates/${id}`, outsider, draft)).statusCode).toBe(403)
    expect((await call('POST', '/api/v1/updates', {}, draft)).statusCode).toBe(401)
  })
  it('answers a save with the links its Russian or Arabic body shows as text only, and why', async () => {
    const { code } = await createCountry(t().database.db)
    const writer = await token('researcher', [code])
    const draft = {
      country: code,
      language: 'ru',
      title: 'Вымышленное обновление',
      freedoms: ['expression'],
      body: 'Собрание разогнано [из-за повсеместных нарушений](#); см. [страну](/ru/countries/kazakhstan).',
    }
    const created = await call('POST', '/api/v1/updates', writer, draft)
    expect(created.statusCode).toBe(201)
    expect(created.json<{ warnings: unknown[] }>().warnings).toEqual([
      {
        field: 'body',
        code: 'link_dropped',
        reason: 'empty',
        text: 'из-за повсеместных нарушений',
        target: '#',
        message: '“из-за повсеместных нарушений”: the link has no address yet.',
      },
    ])
    const { id } = created.json<{ id: number }>()
    const arabic = { ...draft, language: 'ar', title: 'تحديث خيالي', body: 'انظر [التقرير](//evil.example/x) و[هذا](JaVaScRiPt:alert(1)).' }
    const revised = await call('PUT', `/api/v1/updates/${id}`, writer, { ...arabic, revision: 1 })
    expect(revised.statusCode).toBe(200)
    expect(revised.json<{ warnings: { reason: string; text: string }[] }>().warnings.map((w) => [w.reason, w.text])).toEqual([
      ['elsewhere', 'التقرير'],
      ['scheme', 'هذا'],
    ])
  })
})
