import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createUser } from '../../../test/helpers/factories.js'
import { importIncidents, importUpdates } from './updates.import.js'

const NOW = new Date('2030-06-01T12:00:00Z')
const actor = { name: 'cli:test' }

describe.each(backends)('importing updates and incidents on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })

  it('imports a good file in one go, published, scheduled or draft by published_at, and incidents by ref', async () => {
    const db = t().database.db
    const { code } = await createCountry(db)
    const author = await createUser(db, { roles: ['researcher'] })
    const updates = [
      'ref,country,language,title,summary,body,period_start,period_end,freedoms,tags,published_at,source_url,source_title',
      `fx-1,${code},en,Fictional imported update,A summary,Body text,2030-01-01,2030-01-31,assembly;expression,elections,2030-02-01T10:00:00Z,https://example.org/a,Fictional source`,
      `fx-2,${code},ru,Вымышленное обновление,,,,,,,2031-01-01T00:00:00+03:00,,`,
      `fx-3,${code},fr,Mise à jour fictive,,,,,,,,,`,
    ].join('\n')
    const outcome = await importUpdates(db, updates, { authorEmail: author.email, actor, now: NOW })
    expect(outcome).toEqual({ inserted: 3, errors: [] })
    const rows = await db
      .selectFrom('updates')
      .select(['import_ref', 'status', 'author_id'])
      .where('country_code', '=', code)
      .orderBy('import_ref')
      .execute()
    expect(rows).toEqual([
      { import_ref: 'fx-1', status: 'published', author_id: author.id },
      { import_ref: 'fx-2', status: 'scheduled', author_id: author.id },
      { import_ref: 'fx-3', status: 'draft', author_id: author.id },
    ])
    const incidents = [
      'update_ref,date,precision,freedom,type,victim_group,perpetrator,detained,sensitivity,restricted_notes',
      'fx-1,2030-01-10,day,assembly,detention-of-protesters,protester,police,5,public,',
      'fx-1,2030-01,month,assembly,release,,,,restricted,Fictional name',
    ].join('\n')
    // The month-only date must still be a full date: the second line is refused, and nothing is written.
    const refused = await importIncidents(db, incidents, { actor, now: NOW })
    expect(refused.inserted).toBe(0)
    expect(refused.errors).toEqual([{ line: 3, message: 'give the date it happened, not in the future.' }])
    const fixed = incidents.replace('fx-1,2030-01,month', 'fx-1,2030-01-01,month')
    expect(await importIncidents(db, fixed, { actor, now: NOW })).toEqual({ inserted: 2, errors: [] })
    const api = await t().app.inject(`/api/v1/incidents?country=${code}`)
    expect(
      api
        .json<{ incidents: { type: string }[] }>()
        .incidents.map((i) => i.type)
        .sort(),
    ).toEqual(['detention-of-protesters', 'release'])
    expect(api.body).not.toContain('Fictional name')
  })

  it('reports a bad record by the line it starts on when a quoted value spans lines', async () => {
    const db = t().database.db
    const { code } = await createCountry(db)
    const author = await createUser(db, { roles: ['editor'] })
    const file = [
      'ref,country,language,title,body',
      `ml-1,${code},en,Fictional good record,"A body`,
      'over three',
      'lines"',
      `ml-2,QQQ,en,Fictional bad record,"Its body spans`,
      'two lines"',
      `ml-3,${code},xx,Fictional bad language,One line`,
    ].join('\n')
    const outcome = await importUpdates(db, file, { authorEmail: author.email, actor, now: NOW })
    expect(outcome).toEqual({
      inserted: 0,
      errors: [
        { line: 5, message: 'Choose one of the countries you report on.' },
        { line: 7, message: 'Choose the language of the text.' },
      ],
    })
    const good = file.replace('ml-2,QQQ', `ml-2,${code}`).replace(',xx,', ',en,')
    expect(await importUpdates(db, good, { authorEmail: author.email, actor, now: NOW })).toEqual({ inserted: 3, errors: [] })
    const bodies = await db.selectFrom('updates').select('body').where('import_ref', '=', 'ml-1').execute()
    expect(bodies).toEqual([{ body: 'A body\nover three\nlines' }])
  })

  it('reports every bad line with its number and reason, and writes nothing', async () => {
    const db = t().database.db
    const { code } = await createCountry(db)
    const author = await createUser(db, { roles: ['editor'] })
    const file = [
      'ref,country,language,title,freedoms,tags,published_at,source_url,source_title',
      `bad-1,QQQ,en,Fictional,assembly,,,,`,
      `bad-2,${code},xx,,liberty,no-such-tag,yesterday,ftp://x,`,
      `bad-1,${code},en,Fictional duplicate ref,,,,,`,
      `good-1,${code},en,Fictional good line,,,,,`,
    ].join('\n')
    const outcome = await importUpdates(db, file, { authorEmail: author.email, actor, now: NOW })
    expect(outcome.inserted).toBe(0)
    const byLine = (line: number) => outcome.errors.filter((e) => e.line === line).map((e) => e.message)
    expect(byLine(2)).toEqual(['Choose one of the countries you report on.'])
    expect(byLine(3)).toEqual(
      expect.arrayContaining([
        'Choose the language of the text.',
        'Give a title of 1 to 200 characters.',
        'Choose freedoms from the list.',
        'Choose tags from the list.',
        expect.stringContaining('published_at: use an ISO 8601 time'),
        'give an address starting with https:// or http://.',
      ]),
    )
    expect(byLine(4)).toEqual([expect.stringContaining('"bad-1" is already used')])
    expect(byLine(5)).toEqual([])
    expect(await db.selectFrom('updates').select('id').where('country_code', '=', code).execute()).toEqual([])
    expect((await importUpdates(db, 'title\nx', { authorEmail: author.email, actor, now: NOW })).errors[0]?.message).toContain(
      'missing columns ref, country, language',
    )
    expect((await importUpdates(db, file, { authorEmail: 'nobody@example.org', actor, now: NOW })).errors[0]?.message).toContain(
      'no active account',
    )
    expect(
      (await importIncidents(db, 'update_ref,date,freedom,type\nnope,2030-01-01,assembly,killing', { actor, now: NOW })).errors,
    ).toEqual([{ line: 2, message: 'update_ref: no imported update has the ref "nope"' }])
  })
})
