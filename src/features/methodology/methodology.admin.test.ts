import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import { createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'
import { ensureMethodologyInForce, formFields } from '../../../test/helpers/methodology.js'
import { configToForm } from './methodology.form.js'
import { methodologyById, methodologyByLabel, methodologyInForce } from './methodology.queries.js'
import { createDraft } from './methodology.service.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('methodology administration on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })

  it('is for administrators only', async () => {
    const { app, database } = t()
    await ensureMethodologyInForce(database.db)
    const editor = await signedIn(database.db, (await createUser(database.db, { roles: ['editor'] })).id, NOW)
    expect((await app.inject({ url: '/admin/methodology', headers: { cookie: editor.cookie } })).statusCode).toBe(403)
    expect((await postForm(app, editor, '/admin/methodology', [['label', 'fictional-x']])).statusCode).toBe(403)
    const inForce = (await methodologyInForce(database.db))!
    expect((await postForm(app, editor, `/admin/methodology/${inForce.id}/delete`)).statusCode).toBe(403)
    const anonymous = await app.inject({ url: '/admin/methodology' })
    expect(anonymous.statusCode).toBe(303)
    expect(await methodologyByLabel(database.db, 'fictional-x')).toBeNull()
  })

  it('drafts, refuses bad input with nothing saved, saves, publishes; a published version no longer changes', async () => {
    const { app, database } = t()
    await ensureMethodologyInForce(database.db)
    const db = database.db
    const adminId = (await createUser(db, { roles: ['admin'] })).id
    const admin = await signedIn(db, adminId, NOW)
    const before = (await methodologyInForce(db))!

    const list = await app.inject({ url: '/admin/methodology', headers: { cookie: admin.cookie } })
    expect(list.statusCode).toBe(200)
    expect(list.headers['cache-control']).toBe('no-store')
    expect(list.body).toContain(before.label)

    const badLabel = await postForm(app, admin, '/admin/methodology', [
      ['label', 'no spaces please'],
      ['from', String(before.id)],
    ])
    expect(badLabel.statusCode).toBe(422)
    expect(badLabel.body).toContain('Use 1 to 40 letters, digits, dots, hyphens or underscores for the label')
    expect(badLabel.body).toContain('value="no spaces please"')
    const taken = await postForm(app, admin, '/admin/methodology', [
      ['label', before.label],
      ['from', String(before.id)],
    ])
    expect(taken.body).toContain('Another version already has this label')

    const created = await postForm(app, admin, '/admin/methodology', [
      ['label', 'fictional-2030'],
      ['from', String(before.id)],
    ])
    expect(created.statusCode).toBe(303)
    const draftUrl = String(created.headers.location)
    const draft = (await methodologyByLabel(db, 'fictional-2030'))!
    expect(draftUrl).toBe(`/admin/methodology/${draft.id}`)
    expect(draft).toMatchObject({ status: 'draft', config: before.config, notes: before.notes })

    const edit = await app.inject({ url: draftUrl, headers: { cookie: admin.cookie } })
    expect(edit.statusCode).toBe(200)
    expect(edit.body).toContain('name="ind_0_key"')
    expect(edit.body).toContain('name="sev_killing"')
    expect(edit.body).not.toContain('<textarea id="config"')

    // Bad input: a message per field, the typed values back, nothing saved.
    const form = configToForm(draft.config, draft.notes, [])
    form.bands.narrowed = form.bands.open
    form.quorum.approvalShare = '1'
    form.indicators[1]!.key = form.indicators[0]!.key
    form.components = { keyScores: '0', keyAnalysis: '0', partnerInput: '0' }
    form.notes = 'Fictional notes, typed but refused.'
    const refused = await postForm(app, admin, draftUrl, [...formFields(form), ['action', 'save']])
    expect(refused.statusCode).toBe(422)
    for (const message of [
      'Category bands must go strictly down',
      'Approval share: a number from 0.5 up to, but not including, 1.',
      `Indicator 2: another indicator already has the key “${form.indicators[0]!.key}”.`,
      'Give at least one input (key scores, key analysis or partner input) a weight above 0.',
    ])
      expect(refused.body).toContain(message)
    expect(refused.body).toContain('Fictional notes, typed but refused.')
    expect((await methodologyById(db, draft.id))!.config).toEqual(before.config)

    // Rows come and go without saving.
    const added = await postForm(app, admin, draftUrl, [...formFields(configToForm(draft.config, '', [])), ['action', 'add-indicator']])
    expect(added.statusCode).toBe(200)
    expect(added.body).toContain(`name="ind_${draft.config.indicators.length}_key"`)
    expect((await methodologyById(db, draft.id))!.config).toEqual(before.config)

    const good = configToForm(draft.config, '', [])
    good.indicators.splice(0, 1)
    good.indicators.push({
      key: 'fictional_index',
      name: 'Fictional index of open meetings',
      source: 'Fictional Institute',
      freedoms: ['assembly'],
      min: '0',
      max: '10',
      higherIsFreer: true,
      weight: '2',
      max_age: '4',
    })
    good.quorum = { minVotes: '5', approvalShare: '0.6' }
    good.notes = 'Version for **fictional** testing.'
    const saved = await postForm(app, admin, draftUrl, [...formFields(good), ['action', 'save-publish']])
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`${draftUrl}/publish`)
    const stored = (await methodologyById(db, draft.id))!
    expect(stored.config.quorum).toEqual({ minVotes: 5, approvalShare: 0.6 })
    expect(stored.config.indicators.map((i) => i.key)).toEqual([...before.config.indicators.slice(1).map((i) => i.key), 'fictional_index'])
    expect(stored.notes).toBe('Version for **fictional** testing.')
    const audit = await db.selectFrom('audit_log').select(['actor', 'action']).where('subject', '=', 'methodology_versions').execute()
    expect(audit).toContainEqual({ actor: `user:${adminId}`, action: 'update' })

    const confirm = await app.inject({ url: `${draftUrl}/publish`, headers: { cookie: admin.cookie } })
    expect(confirm.body).toContain('Publish fictional-2030 now')
    expect(confirm.body).toContain('at least 5 votes')
    expect((await methodologyInForce(db))!.id).toBe(before.id)

    const published = await postForm(app, admin, `${draftUrl}/publish`)
    expect(published.statusCode).toBe(303)
    const inForce = (await methodologyInForce(db))!
    expect(inForce).toMatchObject({ id: draft.id, status: 'published', publishedAt: NOW })

    // Published: read-only, and every write is refused with the reason.
    const readOnly = await app.inject({ url: draftUrl, headers: { cookie: admin.cookie } })
    expect(readOnly.body).toContain('This version is published and cannot be changed')
    expect(readOnly.body).not.toContain('name="ind_0_key"')
    const change = configToForm(inForce.config, inForce.notes, [])
    change.quorum.minVotes = '9'
    for (const url of [draftUrl, `${draftUrl}/publish`, `${draftUrl}/delete`]) {
      const res = await postForm(app, admin, url, url === draftUrl ? formFields(change) : [])
      expect(res.statusCode, url).toBe(409)
      expect(res.body).toContain('Version fictional-2030 is published and cannot be changed')
    }
    expect((await methodologyById(db, draft.id))!.config.quorum.minVotes).toBe(5)
  })

  it('gives a label to one of two drafts created at once, and refuses the other on the label field', async () => {
    const { database } = t()
    await ensureMethodologyInForce(database.db)
    const create = () => createDraft(database.db, { label: 'fictional-race', fromId: null }, { name: 'test' })
    const [first, second] = await Promise.allSettled([create(), create()])
    expect([first, second].filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const loser = [first, second].find((r) => r.status === 'rejected')
    expect(loser?.reason).toMatchObject({ statusCode: 422, problem: { field: 'label', message: 'methodology.problem.labelTaken' } })
  })

  it('deletes a draft, and only a draft', async () => {
    const { app, database } = t()
    await ensureMethodologyInForce(database.db)
    const admin = await signedIn(database.db, (await createUser(database.db, { roles: ['admin'] })).id, NOW)
    const created = await postForm(app, admin, '/admin/methodology', [['label', 'fictional-throwaway']])
    expect(created.statusCode).toBe(303)
    const deleted = await postForm(app, admin, `${String(created.headers.location)}/delete`)
    expect(deleted.statusCode).toBe(303)
    expect(await methodologyByLabel(database.db, 'fictional-throwaway')).toBeNull()
    expect(await methodologyInForce(database.db)).not.toBeNull()
    expect((await app.inject({ url: String(created.headers.location), headers: { cookie: admin.cookie } })).statusCode).toBe(404)
  })
})
