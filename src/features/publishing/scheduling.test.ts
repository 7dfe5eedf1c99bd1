import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import { createCountry, createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'
import { makeApprovedDecision } from '../../../test/helpers/ratings.js'
import { makeUpdate } from '../../../test/helpers/updates.js'
import { holdPublishingLock } from './publishing-lock.js'
import { loadUser } from '../accounts/users.queries.js'
import { takeDecisionStep } from '../decisions/decisions.service.js'
import { takeStep } from '../updates/updates.service.js'
import type { CurrentUser } from '../../lib/policies.js'
import type { PublicationDraft } from '../publications/publication-form.js'
import { createPublication } from '../publications/publications.service.js'
import { publishAllDue } from './publish-due.js'
import { savePublication, takePublicationStep } from './publishing.service.js'

/** Items scheduled with a publication move only with it: never alone, never to another publication's time. */
const NOW = new Date('2030-04-01T09:00:00Z')
const JULY = { until: new Date('2030-07-01T00:00:00Z'), zone: 'UTC' }
const AUGUST = { until: new Date('2030-08-01T00:00:00Z'), zone: 'UTC' }

describe.each(backends)('scheduling publications with their decisions and updates on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  let c: { user: CurrentUser; ip: null; now: Date }
  let n = 0
  const db = () => t().database.db
  const draft = (links: { decisionIds?: number[]; updateIds?: number[] }): PublicationDraft => {
    n += 1
    return {
      kind: 'press_release',
      countries: [],
      decisionIds: links.decisionIds ?? [],
      updateIds: links.updateIds ?? [],
      watchlistEditionId: null,
      findingsYear: null,
      texts: [
        {
          language: 'en',
          slug: `fictional-scheduling-${kind}-${n}`,
          title: 'A fictional release',
          summary: '',
          body: '',
          quotes: [],
          contacts: [],
        },
      ],
    }
  }
  const scheduled = async (links: { decisionIds?: number[]; updateIds?: number[] }, at = JULY) => {
    const id = await createPublication(db(), c, draft(links))
    await takePublicationStep(db(), c, id, 'submit')
    await takePublicationStep(db(), c, id, 'schedule', at)
    return id
  }
  const decision = async () => {
    const { code } = await createCountry(db())
    return makeApprovedDecision(db(), { countryCode: code, createdBy: c.user.id })
  }
  const approvedUpdate = async () => {
    const { code } = await createCountry(db())
    const u = await makeUpdate(db(), { countryCode: code }, { now: NOW, status: 'submitted' })
    await db().updateTable('updates').set({ status: 'approved' }).where('id', '=', u).execute()
    return u
  }
  const statusOf = async (id: number) =>
    (await db().selectFrom('rating_decisions').select(['status', 'embargo_until']).where('id', '=', id).executeTakeFirstOrThrow()).status

  beforeAll(async () => {
    c = { user: (await loadUser(db(), (await createUser(db(), { roles: ['editor'] })).id)) as CurrentUser, ip: null, now: NOW }
  })

  it('takes a decision removed from a scheduled publication back to approved', async () => {
    const d = await decision()
    const id = await scheduled({ decisionIds: [d] })
    expect(await statusOf(d)).toBe('scheduled')
    await savePublication(db(), c, id, { ...draft({}), texts: [{ ...draft({}).texts[0]!, slug: `fictional-kept-${kind}` }] })
    expect(await statusOf(d)).toBe('approved')
    // Nothing announces it any more, so nothing publishes it at the publication's time.
    const done = await publishAllDue(db(), new Date(JULY.until.getTime() + 1000), 'http://x.test')
    expect(done.decisions).not.toContain(d)
    expect(done.publications).toContain(id)
  })

  it('refuses to schedule or unschedule a decision or an update on its own while a publication takes it', async () => {
    const d = await decision()
    const u = await approvedUpdate()
    const id = await scheduled({ decisionIds: [d], updateIds: [u] })
    await expect(takeDecisionStep(db(), c, d, 'unschedule')).rejects.toMatchObject({ code: 'refused' })
    await expect(takeStep(db(), u, 'unschedule', ['scheduled'], { ...c, ip: '192.0.2.1' })).rejects.toMatchObject({
      code: 'workflow_conflict',
    })
    expect(await statusOf(d)).toBe('scheduled')
    // Through the publication it moves.
    await takePublicationStep(db(), c, id, 'unschedule')
    expect(await statusOf(d)).toBe('approved')
    await takeDecisionStep(db(), c, d, 'schedule', AUGUST.until)
    expect(await statusOf(d)).toBe('scheduled')
  })

  it('will not pull an item scheduled for another time into a publication, and keeps one shared by another at unscheduling', async () => {
    const d = await decision()
    await scheduled({ decisionIds: [d] }, JULY)
    const other = await createPublication(db(), c, draft({ decisionIds: [d] }))
    await takePublicationStep(db(), c, other, 'submit')
    await expect(takePublicationStep(db(), c, other, 'schedule', AUGUST)).rejects.toMatchObject({ code: 'refused' })
    expect(await db().selectFrom('rating_decisions').select('embargo_until').where('id', '=', d).executeTakeFirstOrThrow()).toEqual({
      embargo_until: JULY.until,
    })
    // Two publications at the same time share it; unscheduling one leaves it to the other.
    await takePublicationStep(db(), c, other, 'schedule', JULY)
    await takePublicationStep(db(), c, other, 'unschedule')
    expect(await statusOf(d)).toBe('scheduled')
  })

  it('waits for a publishing run in progress before it schedules a publication, so no run sees the release without its rating', async () => {
    const d = await decision()
    const id = await createPublication(db(), c, draft({ decisionIds: [d] }))
    await takePublicationStep(db(), c, id, 'submit')
    // A publishing run holds the lock (on PGlite its one connection serialises everything anyway;
    // on a PostgreSQL server only the lock keeps the editor's commit out of the run's statements).
    let endRun!: () => void
    let started!: () => void
    const runStarted = new Promise<void>((resolve) => (started = resolve))
    const run = db()
      .transaction()
      .execute(async (trx) => {
        await holdPublishingLock(trx)
        started()
        await new Promise<void>((resolve) => (endRun = resolve))
      })
    await runStarted
    let finished = false
    const step = takePublicationStep(db(), c, id, 'publish_now').finally(() => (finished = true))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(finished).toBe(false)
    endRun()
    await run
    expect(await step).toBe('scheduled')
    expect(await statusOf(d)).toBe('scheduled')
  })

  it('keeps one scheduled rating change per country in the database, and refuses a second with the message users know, changing nothing', async () => {
    const { code } = await createCountry(db())
    const first = await makeApprovedDecision(db(), { countryCode: code, createdBy: c.user.id })
    const second = await makeApprovedDecision(db(), { countryCode: code, createdBy: c.user.id })
    await takeDecisionStep(db(), c, first, 'schedule', JULY.until)
    // The database itself refuses it, whatever the code path.
    await expect(
      db().updateTable('rating_decisions').set({ status: 'scheduled', embargo_until: AUGUST.until }).where('id', '=', second).execute(),
    ).rejects.toMatchObject({ code: '23505', constraint: 'rating_decisions_one_scheduled_per_country' })
    // The decision's own step says so on its form.
    await expect(takeDecisionStep(db(), c, second, 'schedule', AUGUST.until)).rejects.toMatchObject({
      problem: { field: 'embargo_until', message: 'decision.problem.otherScheduled' },
    })
    // So does a publication that would schedule it, naming the decision in the way.
    const id = await createPublication(db(), c, draft({ decisionIds: [second] }))
    await takePublicationStep(db(), c, id, 'submit')
    const response = await postForm(t().app, await signedIn(db(), c.user.id, NOW), `/workspace/publications/${id}/workflow`, [
      ['action', 'schedule'],
      ['embargo_until', '2030-08-01T00:00'],
      ['zone', 'UTC'],
    ])
    expect(response.statusCode).toBe(409)
    expect(response.body).toContain(`Another rating decision for the same country is already scheduled: ${first}.`)
    expect(await statusOf(second)).toBe('approved')
    expect(await statusOf(first)).toBe('scheduled')
    expect((await db().selectFrom('publications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('review')
  })

  it('leaves an item shared by two scheduled publications to the other when one is unscheduled, and frees it with the last', async () => {
    const d = await decision()
    const u = await approvedUpdate()
    const a = await scheduled({ decisionIds: [d], updateIds: [u] })
    const b = await scheduled({ decisionIds: [d], updateIds: [u] })
    await takePublicationStep(db(), c, b, 'unschedule')
    expect(await statusOf(d)).toBe('scheduled')
    await expect(takeDecisionStep(db(), c, d, 'unschedule')).rejects.toMatchObject({ problem: { params: { id: a } } })
    await expect(takeStep(db(), u, 'unschedule', ['scheduled'], { ...c, ip: '192.0.2.1' })).rejects.toThrow(`with publication ${a}:`)
    await takePublicationStep(db(), c, a, 'unschedule')
    expect(await statusOf(d)).toBe('approved')
    await takeStep(db(), u, 'schedule', ['approved'], { ...c, ip: '192.0.2.1', publishAt: AUGUST.until })
    expect((await db().selectFrom('updates').select('status').where('id', '=', u).executeTakeFirstOrThrow()).status).toBe('scheduled')
  })
})
