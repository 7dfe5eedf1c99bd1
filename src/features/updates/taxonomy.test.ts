import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createUser, termId } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'
import { makeUpdate } from '../../../test/helpers/updates.js'

const NOW = new Date('2030-06-01T12:00:00Z')
const labels = (en: string): [string, string][] => [
  ['label_en', en],
  ['label_ru', ''],
  ['label_es', ''],
  ['label_fr', ''],
  ['label_ar', ''],
]

describe.each(backends)('taxonomy administration on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })

  it('adds, renames, retires and deletes terms; a term in use is only retired', async () => {
    const { app, database } = t()
    const admin = await signedIn(database.db, (await createUser(database.db, { roles: ['admin'] })).id, NOW)
    const bad = await postForm(app, admin, '/admin/taxonomy', [['vocabulary', 'topic'], ['key', 'Bad Key'], ...labels('')])
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Give the English name')
    expect(bad.body).toContain('Use 1 to 60 lower-case letters')
    expect(
      (await postForm(app, admin, '/admin/taxonomy', [['vocabulary', 'topic'], ['key', 'fictional-topic'], ...labels('Fictional topic')]))
        .statusCode,
    ).toBe(303)
    const duplicate = await postForm(app, admin, '/admin/taxonomy', [
      ['vocabulary', 'topic'],
      ['key', 'fictional-topic'],
      ...labels('Again'),
    ])
    expect(duplicate.body).toContain('already has a term with this key')
    const id = await termId(database.db, 'topic', 'fictional-topic')
    await postForm(app, admin, `/admin/taxonomy/${id}`, [['action', 'relabel'], ...labels('Fictional topic, renamed')])
    const { code } = await createCountry(database.db)
    await makeUpdate(database.db, { countryCode: code, tagIds: [id] }, { now: NOW })
    const refused = await postForm(app, admin, `/admin/taxonomy/${id}`, [['action', 'delete']])
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toContain('This term is in use and cannot be deleted')
    await postForm(app, admin, `/admin/taxonomy/${id}`, [['action', 'retire']])
    const term = await database.db
      .selectFrom('taxonomy_terms')
      .select(['labels', 'retired_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(term.labels).toEqual({ en: 'Fictional topic, renamed' })
    expect(term.retired_at).not.toBeNull()
    // Retired: gone from the forms, still on the update that uses it.
    const editor = await signedIn(database.db, (await createUser(database.db, { roles: ['editor'] })).id, NOW)
    expect((await app.inject({ url: '/updates/new', headers: { cookie: editor.cookie } })).body).not.toContain('Fictional topic, renamed')
    const unused = await postForm(app, admin, '/admin/taxonomy', [
      ['vocabulary', 'victim'],
      ['key', 'fictional-group'],
      ...labels('Fictional group'),
    ])
    expect(unused.statusCode).toBe(303)
    const unusedId = await termId(database.db, 'victim', 'fictional-group')
    expect((await postForm(app, admin, `/admin/taxonomy/${unusedId}`, [['action', 'delete']])).statusCode).toBe(303)
    expect(await database.db.selectFrom('taxonomy_terms').select('id').where('id', '=', unusedId).execute()).toEqual([])
  })
})
