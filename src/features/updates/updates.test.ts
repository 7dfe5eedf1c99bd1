import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createResearcher, createUser, termId } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'
import { INCIDENT_FIELDS } from './update-form.js'
import { publishDue } from '../../../test/helpers/publishing.js'
import { makeUpdate } from '../../../test/helpers/updates.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('writing and reviewing updates on %s', (kind) => {
  const now = NOW
  const t = useTestApp(kind, { clock: () => now })

  /** The fields of a complete update with two incidents (the second restricted) and a source. */
  async function fields(country: string, title = 'Fictional assembly dispersed in Arcadia'): Promise<[string, string][]> {
    const db = t().database.db
    const [detention, release, protester, police, elections] = await Promise.all([
      termId(db, 'violation', 'detention-of-protesters'),
      termId(db, 'positive', 'release'),
      termId(db, 'victim', 'protester'),
      termId(db, 'perpetrator', 'police'),
      termId(db, 'topic', 'elections'),
    ])
    const incident = (values: Record<string, string>): [string, string][] => INCIDENT_FIELDS.map((f) => [`inc_${f}`, values[f] ?? ''])
    return [
      ['country', country],
      ['language', 'en'],
      ['title', title],
      ['summary', 'A fictional summary for tests.'],
      ['body', 'Fictional **text** with <script>alert(1)</script> inside.'],
      ['period_start', '2030-05-01'],
      ['period_end', '2030-05-31'],
      ['freedoms', 'assembly'],
      ['tags', String(elections)],
      ['src_url', 'https://example.org/fictional-report'],
      ['src_title', 'Fictional report'],
      ['src_publisher', 'Fictional Gazette'],
      ['src_date', '2030-05-20'],
      ...incident({
        date: '2030-05-10',
        precision: 'day',
        locality: 'Fictional Square',
        lat: '60.1',
        lon: '10.2',
        freedom: 'assembly',
        type: String(detention),
        victim: String(protester),
        perpetrator: String(police),
        detained: '12',
        sensitivity: 'public',
      }),
      ...incident({
        date: '2030-05-12',
        precision: 'day',
        locality: 'Secret Safehouse Street',
        freedom: 'assembly',
        type: String(release),
        sensitivity: 'restricted',
        notes: 'Victim name: Fictional Person Zed',
        affected: '3',
      }),
    ]
  }

  it.each([
    [
      'ru',
      'Вымышленные власти разогнали собрание [из-за повсеместных нарушений](#), см. [страну](/ru/countries/kazakhstan) и [это](javascript:alert(1)).',
      '«из-за повсеместных нарушений»: у ссылки ещё нет адреса.',
      '«это»: javascript:alert(1) — не веб-адрес',
    ],
    [
      'ar',
      'فرّقت السلطات الخيالية التجمع [بسبب الانتهاكات الواسعة](#)، انظر [البلد](/ar/countries/kazakhstan) و[هذا](javascript:alert(1)).',
      '«بسبب الانتهاكات الواسعة»: ليس للرابط عنوان بعد.',
      '«هذا»: javascript:alert(1) ليس عنوان ويب',
    ],
  ])(
    'in %s, the preview shows a placeholder link as text, a path of the site as a link, and says which links were dropped',
    async (locale, body, empty, scheme) => {
      const { app, database } = t()
      const { code } = await createCountry(database.db)
      const me = await signedIn(database.db, (await createResearcher(database.db, [code])).id, now)
      const form = (await fields(code)).map(([k, v]): [string, string] => [k, k === 'body' ? body : v])
      const preview = await postForm(app, me, `/${locale}/updates/new`, [...form, ['action', 'preview']])
      expect(preview.statusCode).toBe(200)
      const prose = /<div class="prose">(.*?)<\/div>/s.exec(preview.body)![1]!
      expect(prose).toContain(`<a href="/${locale}/countries/kazakhstan">`)
      expect(prose).not.toMatch(/\]\(|href="#"|javascript:/)
      expect(preview.body).toContain(empty)
      expect(preview.body).toContain(scheme)
    },
  )

  it('saves a draft with its incidents and sources as revision 1, after a preview that saves nothing', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const researcher = await createResearcher(database.db, [code])
    const me = await signedIn(database.db, researcher.id, now)
    const form = await fields(code)
    const preview = await postForm(app, me, '/updates/new', [...form, ['action', 'preview']])
    expect(preview.statusCode).toBe(200)
    expect(preview.body).toContain('Fictional <strong>text</strong> with &lt;script&gt;')
    const added = await postForm(app, me, '/updates/new', [...form, ['action', 'add-incident']])
    expect(added.body).toContain('Incident 3')
    // The blank row stays while the writer goes on editing, and is ignored when saving.
    const blankIncident = INCIDENT_FIELDS.map((f): [string, string] => [
      `inc_${f}`,
      f === 'precision' ? 'day' : f === 'sensitivity' ? 'public' : '',
    ])
    const both = await postForm(app, me, '/updates/new', [...form, ...blankIncident, ['action', 'add-source']])
    expect(both.body).toContain('Incident 3')
    expect(both.body).toContain('Remove source 2')
    expect(await database.db.selectFrom('updates').select('id').execute()).toHaveLength(0)

    const saved = await postForm(app, me, '/updates/new', [...form, ...blankIncident, ['action', 'save']])
    expect(saved.statusCode).toBe(303)
    const id = Number(/\/updates\/(\d+)\/edit/.exec(saved.headers.location!)![1])
    const incidents = await database.db.selectFrom('incidents').selectAll().where('update_id', '=', id).orderBy('position').execute()
    expect(incidents.map((i) => [i.detained, i.sensitivity, i.restricted_notes])).toEqual([
      [12, 'public', null],
      [null, 'restricted', 'Victim name: Fictional Person Zed'],
    ])
    const revisions = await database.db.selectFrom('update_revisions').select('number').where('update_id', '=', id).execute()
    expect(revisions).toEqual([{ number: 1 }])
    const page = await app.inject({ url: saved.headers.location!, headers: { cookie: me.cookie } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<p class="notice" role="status">Saved.</p>')
    expect(page.body).toContain('Secret Safehouse Street')
  })

  it('refuses bad input with a message per field, keeps what was typed, and saves nothing', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const other = await createCountry(database.db)
    const researcher = await createResearcher(database.db, [code])
    const me = await signedIn(database.db, researcher.id, now)
    const form = (await fields(code)).map(([k, v]): [string, string] => {
      if (k === 'title') return [k, '']
      if (k === 'src_url') return [k, 'javascript:alert(1)']
      if (k === 'inc_detained') return [k, '-4']
      if (k === 'inc_date' && v === '2030-05-12') return [k, '2031-01-01']
      if (k === 'inc_lat' && v === '') return [k, '95']
      return [k, v]
    })
    const bad = await postForm(app, me, '/updates/new', [...form, ['action', 'save']])
    expect(bad.statusCode).toBe(422)
    for (const message of [
      'Give a title of 1 to 200 characters.',
      'Source 1: give an address starting with https://',
      'Incident 1: counts are whole numbers',
      'Incident 2: give the date it happened, not in the future.',
      'Incident 2: give both latitude',
    ])
      expect(bad.body).toContain(message)
    expect(bad.body).toContain('value="javascript:alert(1)"')
    const elsewhere = (await fields(other.code)).concat([['action', 'save']])
    const notMine = await postForm(app, me, '/updates/new', elsewhere)
    expect(notMine.statusCode).toBe(422)
    expect(notMine.body).toContain('You can write only for the countries you are assigned to.')
    expect(await database.db.selectFrom('updates').select('id').where('country_code', 'in', [code, other.code]).execute()).toHaveLength(0)
  })

  it('goes from draft to published through review, and appears publicly only after its time', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const researcher = await createResearcher(database.db, [code])
    const writer = await signedIn(database.db, researcher.id, now)
    const editor = await signedIn(database.db, (await createUser(database.db, { roles: ['editor'] })).id, now)
    const form = await fields(code, 'Fictional zeppelin rally dispersed')
    const created = await postForm(app, writer, '/updates/new', [...form, ['action', 'submit']])
    const edit = created.headers.location!.split('?')[0]!
    const id = Number(/\/updates\/(\d+)/.exec(edit)![1])
    const workflow = `/updates/${id}/workflow`

    expect((await postForm(app, writer, workflow, [['action', 'approve']])).statusCode).toBe(422)
    // A step not possible now names the state and the steps the reader may take, in their language.
    const russian = await postForm(app, editor, `/ru${workflow}`, [['action', 'unschedule']])
    expect(russian.statusCode).toBe(422)
    expect(russian.body).toContain(
      'Этот шаг невозможен, пока обновление в статусе «Отправлено». Сейчас возможно: Запросить изменения или Одобрить.',
    )
    const arabic = await postForm(app, writer, `/ar${workflow}`, [['action', 'submit']])
    expect(arabic.body).toContain('هذه الخطوة غير ممكنة ما دام التحديث في حالة «مُقدَّم للمراجعة». الممكن الآن: لا شيء.')
    const noComment = await postForm(app, editor, workflow, [
      ['action', 'request_changes'],
      ['comment', ' '],
    ])
    expect(noComment.statusCode).toBe(422)
    expect(
      (
        await postForm(app, editor, workflow, [
          ['action', 'request_changes'],
          ['comment', 'Add the fictional source date.'],
        ])
      ).statusCode,
    ).toBe(303)
    const asWriter = await app.inject({ url: edit, headers: { cookie: writer.cookie } })
    expect(asWriter.body).toContain('Add the fictional source date.')
    expect(asWriter.body).toContain('Changes requested')

    const fixed = await postForm(app, writer, edit, [
      ...form.map(([k, v]): [string, string] => [k, k === 'summary' ? 'A fixed fictional summary.' : v]),
      ['revision', '1'],
      ['action', 'submit'],
    ])
    expect(fixed.statusCode).toBe(303)
    expect((await postForm(app, editor, workflow, [['action', 'approve']])).statusCode).toBe(303)
    const badTime = await postForm(app, editor, workflow, [
      ['action', 'schedule'],
      ['publish_at', '2030-02-30T10:00'],
      ['zone', 'UTC'],
    ])
    expect(badTime.statusCode).toBe(422)
    // 1 July 2030, 00:30 in Almaty (UTC+5) is 30 June, 19:30 UTC.
    expect(
      (
        await postForm(app, editor, workflow, [
          ['action', 'schedule'],
          ['publish_at', '2030-07-01T00:30'],
          ['zone', 'Asia/Almaty'],
        ])
      ).statusCode,
    ).toBe(303)
    const stored = await database.db.selectFrom('updates').select(['status', 'publish_at']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(stored).toEqual({ status: 'scheduled', publish_at: new Date('2030-06-30T19:30:00Z') })

    const publicRead = () => Promise.all([app.inject(`/updates/${id}`), app.inject('/updates'), app.inject('/updates?q=zeppelin')])
    expect((await publishDue(database.db, new Date('2030-06-30T19:29:59Z'))).updates).toEqual([])
    let [page, list, search] = await publicRead()
    expect(page.statusCode).toBe(404)
    for (const res of [list, search]) expect(res.body).not.toContain('Fictional zeppelin rally dispersed')

    expect((await publishDue(database.db, new Date('2030-06-30T19:30:00Z'))).updates).toEqual([id])
    expect((await publishDue(database.db, new Date('2030-06-30T19:31:00Z'))).updates).toEqual([])
    ;[page, list, search] = await publicRead()
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('A fixed fictional summary.')
    expect(page.body).toContain('Fictional Square')
    expect(page.body).toContain('Fictional Gazette')
    for (const secret of ['Secret Safehouse Street', 'Fictional Person Zed', '<script>alert']) expect(page.body).not.toContain(secret)
    expect(list.body).toContain('Fictional zeppelin rally dispersed')
    expect(search.body).toContain('Fictional zeppelin rally dispersed')
    const inBody = await app.inject('/updates?q=inside')
    expect(inBody.body).toContain('<mark>inside</mark>')
    expect(/<p class="snippet">.*?<\/p>/.exec(inBody.body)?.[0]).toContain('alert(1)')
    expect(inBody.body).not.toContain('<script>alert')
    const revisions = await database.db.selectFrom('update_revisions').select('number').where('update_id', '=', id).execute()
    expect(revisions.map((r) => r.number).sort()).toEqual([1, 2])
  })

  it('shows a refused review step again with the comment or the reason typed, told at its field', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const editor = await signedIn(database.db, (await createUser(database.db, { roles: ['editor'] })).id, now)
    const submitted = await makeUpdate(database.db, { countryCode: code }, { now, status: 'submitted' })
    const published = await makeUpdate(database.db, { countryCode: code }, { now, status: 'published' })
    const long = (max: number) => `Fictional <note> ${'x'.repeat(max)}`
    const steps = [
      { id: submitted, action: 'request_changes', field: 'comment', text: long(5000) },
      { id: published, action: 'withdraw', field: 'reason', text: long(2000) },
    ]
    for (const step of steps) {
      const refused = await postForm(app, editor, `/updates/${step.id}/workflow`, [
        ['action', step.action],
        [step.field, step.text],
      ])
      expect(refused.statusCode).toBe(422)
      const typed = step.text.replace('<', '&lt;')
      expect(refused.body).toContain(`id="${step.field}" aria-describedby="${step.field}-problem" aria-invalid="true">${typed}</textarea>`)
    }
  })

  it('refuses a save based on an older revision instead of overwriting it', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const researcher = await createResearcher(database.db, [code])
    const me = await signedIn(database.db, researcher.id, now)
    const form = await fields(code)
    const created = await postForm(app, me, '/updates/new', [...form, ['action', 'save']])
    const edit = created.headers.location!.split('?')[0]!
    expect((await postForm(app, me, edit, [...form, ['revision', '1'], ['action', 'save']])).statusCode).toBe(303)
    const stale = await postForm(app, me, edit, [...form, ['title', 'A stale fictional title'], ['revision', '1'], ['action', 'save']])
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone saved this update after you opened it.')
  })

  it('keeps other countries’ researchers, panelists and journalists out', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const other = await createCountry(database.db)
    const owner = await signedIn(database.db, (await createResearcher(database.db, [code])).id, now)
    const created = await postForm(app, owner, '/updates/new', [...(await fields(code)), ['action', 'save']])
    const edit = created.headers.location!.split('?')[0]!
    const outsider = await signedIn(database.db, (await createResearcher(database.db, [other.code])).id, now)
    expect((await app.inject({ url: edit, headers: { cookie: outsider.cookie } })).statusCode).toBe(403)
    expect((await postForm(app, outsider, edit, [...(await fields(code)), ['revision', '1'], ['action', 'save']])).statusCode).toBe(403)
    for (const role of ['panelist', 'journalist'] as const) {
      const who = await signedIn(database.db, (await createUser(database.db, { roles: [role] })).id, now)
      expect((await app.inject({ url: edit, headers: { cookie: who.cookie } })).statusCode).toBe(403)
    }
    expect((await app.inject(edit)).statusCode).toBe(303)
  })
})
