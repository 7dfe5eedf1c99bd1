import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'
import { makeApprovedDecision } from '../../../test/helpers/ratings.js'
import { makeUpdate } from '../../../test/helpers/updates.js'
import { publishAllDue } from '../publishing/publish-due.js'
import { createdId, release, usePublicationDesk, publicationsBase as base } from '../../../test/helpers/publication-forms.js'

/** The workflow: scheduling under embargo together with linked items, correcting, unscheduling, publishing at once. */
describe.each(backends)('scheduling and publishing publications on %s', (kind) => {
  const desk = usePublicationDesk(kind)
  const t = desk.app

  it('schedules with an approved decision and update, and publishes all of them together exactly once', async () => {
    const { editor, editorId } = desk
    let { now } = desk
    const { app, database } = t()
    const db = database.db
    const created = await postForm(app, editor, base, release('fictional-pressland-downgraded'))
    expect(created.statusCode).toBe(303)
    const id = createdId(created)
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
    desk.now = now
    // Sessions expire when idle: the editor signs in again at the new time.
    desk.editor = await signedIn(db, editorId, now)
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
    const { editor } = desk
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
    const { editor, now } = desk
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
    const id = createdId(created)
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
})
