import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import { createCountry, createUser } from '../../../test/helpers/factories.js'
import { signedIn, type SignedIn } from '../../../test/helpers/forms.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('the publications write API on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const db = () => t().database.db
  const as = async (roles: Parameters<typeof createUser>[1]['roles']) => signedIn(db(), (await createUser(db(), { roles })).id, NOW)
  const call = (who: SignedIn, method: 'POST' | 'PUT', url: string, payload: object) =>
    t().app.inject({ method, url, payload, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } })
  const count = async () => (await db().selectFrom('publications').select('id').execute()).length

  it('answers a save with the links each language version shows as text only, and why', async () => {
    const editor = await as(['editor'])
    const draft = {
      kind: 'press_release',
      texts: [
        {
          language: 'ru',
          title: 'Fictional links release',
          slug: 'fictional-links-release-ru',
          body: 'Рейтинг понижен [из-за повсеместных нарушений](#); см. [страну](/ru/countries/kazakhstan) и [ниже](#details).',
        },
        {
          language: 'ar',
          title: 'Fictional links release',
          slug: 'fictional-links-release-ar',
          body: 'انظر [هذا](<java\tscript:alert(1)>) و[التقرير](//evil.example/x).',
        },
      ],
    }
    const created = await call(editor, 'POST', '/api/v1/publications', draft)
    expect(created.statusCode).toBe(201)
    type Answer = { warnings: { field: string; code: string; reason: string; text: string; target: string; message: string }[] }
    const { warnings } = created.json<Answer>()
    expect(warnings.map((w) => [w.field, w.code, w.reason, w.text])).toEqual([
      ['body_ru', 'link_dropped', 'empty', 'из-за повсеместных нарушений'],
      ['body_ar', 'link_dropped', 'scheme', 'هذا'],
      ['body_ar', 'link_dropped', 'elsewhere', 'التقرير'],
    ])
    expect(warnings[2]!.message).toBe('“التقرير”: //evil.example/x is neither a full web address nor a page of this site.')
    const { id } = created.json<{ id: number }>()
    const fixed = { ...draft, texts: [{ ...draft.texts[0]!, body: 'Рейтинг понижен [из-за нарушений](/ru/updates/1).' }] }
    const changed = await call(editor, 'PUT', `/api/v1/publications/${id}`, fixed)
    expect(changed.json()).toEqual({ id, status: 'draft', warnings: [] })
  })

  it('writes, corrects and schedules with the checks of the forms', async () => {
    const { code } = await createCountry(db())
    const editor = await as(['editor'])
    const draft = {
      kind: 'statement',
      countries: [code],
      texts: [
        { language: 'en', title: 'A fictional statement', slug: 'fictional-api-statement', body: 'Fictional text.' },
        { language: 'ru', title: 'Вымышленное заявление', slug: 'fictional-api-statement-ru' },
      ],
    }
    const before = await count()
    const bad = await call(editor, 'POST', '/api/v1/publications', {
      ...draft,
      texts: [{ language: 'ar', title: '🎉 ؟', contacts: [{ name: 'Fictional officer', email: 'nope' }] }],
    })
    expect(bad.statusCode).toBe(422)
    const details = bad.json<{ error: { details: { field: string; message: string }[] } }>().error.details
    expect(details.map((d) => d.field)).toEqual(['slug_ar', 'contact_email_ar_0'])
    expect(details[0]!.message).toContain('no letters or digits')
    expect(details[1]!.message).toContain('e-mail address')
    expect((await call(editor, 'POST', '/api/v1/publications', { ...draft, kind: 'pamphlet' })).statusCode).toBe(400)
    expect((await call(await as(['journalist']), 'POST', '/api/v1/publications', draft)).statusCode).toBe(403)
    const noCsrf = await t().app.inject({ method: 'POST', url: '/api/v1/publications', payload: draft, headers: { cookie: editor.cookie } })
    expect(noCsrf.statusCode).toBe(403)
    expect(await count()).toBe(before)

    const created = await call(editor, 'POST', '/api/v1/publications', draft)
    expect(created.statusCode).toBe(201)
    const { id } = created.json<{ id: number }>()
    // By its number or by either slug.
    const renamed = { ...draft, texts: [{ ...draft.texts[0]!, title: 'A renamed fictional statement' }, draft.texts[1]!] }
    expect((await call(editor, 'PUT', '/api/v1/publications/fictional-api-statement-ru', renamed)).json()).toEqual({
      id,
      status: 'draft',
      warnings: [],
    })
    expect((await call(editor, 'PUT', '/api/v1/publications/no-such-publication', renamed)).statusCode).toBe(404)
    const step = (body: object) => call(editor, 'POST', `/api/v1/publications/${id}/workflow`, body)
    const fromDraft = await step({ action: 'schedule', embargoUntil: '2030-07-01T00:00:00Z' })
    expect(fromDraft.statusCode).toBe(409)
    expect(fromDraft.json<{ error: { message: string } }>().error.message).toBe(
      'That step is not possible while the publication is “Draft”. Possible now: Send for review.',
    )
    expect((await step({ action: 'submit' })).json()).toEqual({ id, status: 'review' })
    const past = await step({ action: 'schedule', embargoUntil: '2030-05-01T00:00:00Z' })
    expect(past.statusCode).toBe(409)
    expect(past.json<{ error: { message: string } }>().error.message).toContain('in the future')
    expect((await step({ action: 'schedule', embargoUntil: '2030-07-01T00:01:00+06:00', zone: 'Asia/Almaty' })).json()).toEqual({
      id,
      status: 'scheduled',
    })
    const row = await db()
      .selectFrom('publications')
      .select(['embargo_until', 'embargo_zone'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ embargo_until: new Date('2030-06-30T18:01:00Z'), embargo_zone: 'Asia/Almaty' })
    const title = await db()
      .selectFrom('publication_texts')
      .select('title')
      .where('slug', '=', 'fictional-api-statement')
      .executeTakeFirstOrThrow()
    expect(title.title).toBe('A renamed fictional statement')
  })

  it('proposes addresses from Russian and Arabic titles, and takes media contacts reached by e-mail or phone alone', async () => {
    const editor = await as(['editor'])
    const draft = {
      kind: 'press_release',
      texts: [
        { language: 'ru', title: 'Вымышленная Аркадия понижена в рейтинге', contacts: [{ email: 'media@example.org' }] },
        { language: 'ar', title: 'خفض تصنيف أركاديا الخيالية', contacts: [{ role: 'المكتب الإعلامي', phone: '+1 555 0100' }] },
      ],
    }
    const created = await call(editor, 'POST', '/api/v1/publications', draft)
    expect(created.statusCode).toBe(201)
    const { id } = created.json<{ id: number }>()
    const texts = await db()
      .selectFrom('publication_texts')
      .select(['language', 'slug', 'contacts'])
      .where('publication_id', '=', id)
      .orderBy('language')
      .execute()
    expect(texts).toEqual([
      {
        language: 'ar',
        slug: 'khfd-tsnyf-rkdy-lkhylyh',
        contacts: [{ name: '', role: 'المكتب الإعلامي', email: '', phone: '+1 555 0100' }],
      },
      {
        language: 'ru',
        slug: 'vymyshlennaya-arkadiya-ponizhena-v-reytinge',
        contacts: [{ name: '', role: '', email: 'media@example.org', phone: '' }],
      },
    ])
    // A contact still needs a way to reach it.
    const unreachable = await call(editor, 'PUT', `/api/v1/publications/${id}`, {
      ...draft,
      texts: [{ ...draft.texts[0]!, contacts: [{ name: 'Вымышленный пресс-секретарь' }] }],
    })
    expect(unreachable.statusCode).toBe(422)
    expect(unreachable.json<{ error: { details: { field: string }[] } }>().error.details).toEqual([
      { field: 'contact_email_ru_0', message: 'Give an e-mail address or a phone number for each contact.' },
    ])
  })

  it('publishes at once, then accepts only corrections with a note', async () => {
    const editor = await as(['editor'])
    const draft = { kind: 'press_release', texts: [{ language: 'en', title: 'A fictional release', slug: 'fictional-api-release' }] }
    const { id } = (await call(editor, 'POST', '/api/v1/publications', draft)).json<{ id: number }>()
    await call(editor, 'POST', `/api/v1/publications/${id}/workflow`, { action: 'submit' })
    expect((await call(editor, 'POST', `/api/v1/publications/${id}/workflow`, { action: 'publish_now' })).json()).toEqual({
      id,
      status: 'published',
    })
    const noNote = await call(editor, 'PUT', `/api/v1/publications/${id}`, draft)
    expect(noNote.statusCode).toBe(422)
    const corrected = await call(editor, 'PUT', `/api/v1/publications/${id}`, { ...draft, note: 'Fixed a fictional typo.' })
    expect(corrected.json()).toEqual({ id, status: 'published', warnings: [] })
    expect((await db().selectFrom('publication_corrections').select('note').where('publication_id', '=', id).execute()).length).toBe(1)
  })
  it('withdraws a published publication with a reason, refusing a missing reason or an unpublished one and changing nothing', async () => {
    const editor = await as(['editor'])
    const draft = { kind: 'statement', texts: [{ language: 'en', title: 'A fictional statement', slug: 'fictional-api-withdrawn' }] }
    const { id } = (await call(editor, 'POST', '/api/v1/publications', draft)).json<{ id: number }>()
    const withdraw = (body: object, who = editor) => call(who, 'POST', `/api/v1/publications/fictional-api-withdrawn/workflow`, body)
    const status = async () =>
      (await db().selectFrom('publications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
    const early = await withdraw({ action: 'withdraw', reason: 'A fictional reason.' })
    expect(early.statusCode).toBe(409)
    expect(early.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'refused',
      message: expect.stringContaining('not possible') as string,
    })
    await call(editor, 'POST', `/api/v1/publications/${id}/workflow`, { action: 'submit' })
    await call(editor, 'POST', `/api/v1/publications/${id}/workflow`, { action: 'publish_now' })
    const noReason = await withdraw({ action: 'withdraw', reason: ' ' })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.json<{ error: { details: unknown[] } }>().error.details).toEqual([
      { field: 'reason', message: 'Give the reason for the withdrawal (up to 2,000 characters).' },
    ])
    expect((await withdraw({ action: 'withdraw', reason: 'x' }, await as(['researcher']))).statusCode).toBe(403)
    expect(await status()).toBe('published')
    const done = await withdraw({ action: 'withdraw', reason: 'A fictional mistake in the figures.' })
    expect(done.json()).toEqual({ id, status: 'withdrawn' })
    const read = await t().app.inject({ url: '/api/v1/publications/fictional-api-withdrawn' })
    expect(read.json<{ withdrawn: unknown }>().withdrawn).toEqual({ at: NOW.toISOString(), reason: 'A fictional mistake in the figures.' })
    // Withdrawn is final: no second withdrawal, no change.
    expect((await withdraw({ action: 'withdraw', reason: 'Again.' })).statusCode).toBe(409)
    const change = await call(editor, 'PUT', `/api/v1/publications/${id}`, { ...draft, note: 'A fictional note.' })
    expect(change.statusCode).toBe(422)
    expect(change.body).toContain('A withdrawn publication no longer changes.')
  })
})
