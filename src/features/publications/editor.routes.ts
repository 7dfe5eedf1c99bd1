import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { notFound, refusalOf, type FormProblem } from '../../lib/errors.js'
import { zonedToUtc } from '../../lib/time-zones.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import { mailingProgress } from '../mail/mailing.queries.js'
import { attachmentsOf } from './attachments.queries.js'
import { checkPublicationForm, draftToForm, readPublicationForm, type PublicationForm } from './publication-form.js'
import { PublicationEditor } from './publication-editor.views.js'
import { PublicationStaffPage, PublicationsWorkspace } from './publications-workspace.views.js'
import { listPublications, loadPublication, type PublicationRecord } from './publications.queries.js'
import {
  actionsFrom,
  correctPublication,
  createPublication,
  PUBLICATION_ACTIONS,
  publicationStepProblem,
  withdrawPublication,
  type PublicationAction,
} from './publications.service.js'
import type { Publisher } from './publisher.js'
import { zonedTypedIn } from '../../web/zoned-time-fields.js'

type Body = Record<string, string | string[] | undefined>
// Five language versions of up to 100,000 characters each: larger than the site-wide form limit.
const BODY_LIMIT = 1024 * 1024
const FormBody = Type.Record(
  Type.String({ maxLength: 40 }),
  Type.Union([Type.String({ maxLength: 100_000 }), Type.Array(Type.String({ maxLength: 10 }), { maxItems: 300 })]),
)
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })

/** A watchlist edition that a watchlist report can present, as the editor offers it. */
export interface EditionChoice {
  id: number
  title: string
  editionDate: string
}

/**
 * Every watchlist edition, drafts first. The watchlist feature reads them and app.ts passes the read
 * in: watchlist's pages link the report of an edition, so publications must not import watchlist.
 */
export type ListEditions = () => Promise<EditionChoice[]>

/** The back office of publications: /workspace/publications (list, write, edit, correct, workflow). */
export function registerPublicationEditor(app: FastifyInstance, deps: AppDeps, publisher: Publisher, listEditions: ListEditions): void {
  for (const { locale } of localizedRoutes('/workspace/publications')) {
    const base = href({ locale }, '/workspace/publications')
    const context = (request: FastifyRequest) => ({ user: request.user!, ip: request.ip, now: deps.clock() })
    const ctxFor = (path: string) => pageContext(locale, path, deps.assets, deps.config.publicUrl)

    const load = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      const publication = await loadPublication(deps.db, Number(request.params.id))
      if (!publication) throw notFound('publication')
      return publication
    }

    const editor = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      form: PublicationForm,
      problems: FormProblem[],
      existing?: PublicationRecord,
      note?: string,
    ) => {
      const correcting = existing?.status === 'published'
      const path = existing ? `/workspace/publications/${existing.id}/${correcting ? 'correct' : 'edit'}` : '/workspace/publications/new'
      const ctx = ctxFor(path)
      const editions = (await listEditions()).map((e) => ({ id: e.id, title: e.title, date: e.editionDate }))
      const countries = (await listCountries(deps.db))
        .map((c) => ({ code: c.code, name: c.names[locale] }))
        .sort((a, b) => a.name.localeCompare(b.name, locale))
      const model = {
        action: href({ locale }, existing ? path : '/workspace/publications'),
        heading: existing
          ? ctx.t(correcting ? 'publication.form.correctTitle' : 'publication.form.editTitle', { id: existing.id })
          : ctx.t('publication.form.newTitle'),
        csrf: request.session?.csrfToken ?? '',
        form,
        problems,
        countries,
        editions,
        correction: correcting ? { note: note ?? '', fixedSlugs: existing.draft.texts.map((t) => t.language) } : null,
      }
      return sendPrivatePage(reply, status, h(PublicationEditor, { ctx, model }))
    }

    const show = async (
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      status: number,
      problems: FormProblem[] = [],
    ) => {
      const publication = await load(request)
      const [attachments, countries, mailing] = await Promise.all([
        attachmentsOf(deps.db, publication.id),
        listCountries(deps.db),
        mailingProgress(deps.db, publication.id),
      ])
      const model = {
        publication,
        attachments,
        mailing,
        reasonTyped: String((request.body as Body | undefined)?.reason ?? ''),
        actions: actionsFrom(publication.status),
        csrf: request.session?.csrfToken ?? '',
        problems,
        embargoTyped: zonedTypedIn(request.body, 'embargo_until'),
        countryNames: new Map(countries.map((c) => [c.code, c.names[locale]])),
      }
      return sendPrivatePage(reply, status, h(PublicationStaffPage, { ctx: ctxFor(`/workspace/publications/${publication.id}`), model }))
    }

    const attempt = async (
      onError: (problem: FormProblem) => Promise<FastifyReply>,
      work: () => Promise<unknown>,
      to: string,
      reply: FastifyReply,
    ) => {
      try {
        await work()
        return reply.redirect(to, 303)
      } catch (error) {
        const problem = refusalOf(error)
        if (problem) return onError(problem)
        throw error
      }
    }

    const policy = { policy: 'publication:write' as const }

    app.get(base, { config: policy, schema: { hide: true } }, async (_request, reply) =>
      sendPrivatePage(
        reply,
        200,
        h(PublicationsWorkspace, { ctx: ctxFor('/workspace/publications'), publications: await listPublications(deps.db) }),
      ),
    )

    app.get(`${base}/new`, { config: policy, schema: { hide: true } }, (request, reply) =>
      editor(request, reply, 200, { ...readPublicationForm({}), kind: 'press_release' }, []),
    )

    app.post<{ Body: Body }>(
      base,
      { config: policy, bodyLimit: BODY_LIMIT, schema: { hide: true, body: FormBody } },
      async (request, reply) => {
        const form = readPublicationForm(request.body)
        const checked = checkPublicationForm(form)
        if (!checked.ok) return editor(request, reply, 422, form, checked.problems)
        try {
          const id = await createPublication(deps.db, context(request), checked.draft)
          return reply.redirect(`${base}/${id}`, 303)
        } catch (error) {
          const problem = refusalOf(error)
          if (problem) return editor(request, reply, 422, form, [problem])
          throw error
        }
      },
    )

    app.get<{ Params: { id: string } }>(`${base}/:id`, { config: policy, schema: { hide: true, params: Params } }, (request, reply) =>
      show(request, reply, 200),
    )

    for (const mode of ['edit', 'correct'] as const) {
      app.get<{ Params: { id: string } }>(
        `${base}/:id/${mode}`,
        { config: policy, schema: { hide: true, params: Params } },
        async (request, reply) => {
          const publication = await load(request)
          const allowed = mode === 'correct' ? publication.status === 'published' : !['published', 'withdrawn'].includes(publication.status)
          if (!allowed) return reply.redirect(`${base}/${publication.id}`, 303)
          return editor(request, reply, 200, draftToForm(publication.draft), [], publication)
        },
      )

      app.post<{ Params: { id: string }; Body: Body }>(
        `${base}/:id/${mode}`,
        { config: policy, bodyLimit: BODY_LIMIT, schema: { hide: true, params: Params, body: FormBody } },
        async (request, reply) => {
          const publication = await load(request)
          const form = readPublicationForm(request.body)
          const note = typeof request.body.note === 'string' ? request.body.note.trim() : ''
          const checked = checkPublicationForm(form)
          if (!checked.ok) return editor(request, reply, 422, form, checked.problems, publication, note)
          return attempt(
            (problem) => editor(request, reply, 422, form, [problem], publication, note),
            () =>
              mode === 'correct'
                ? correctPublication(deps.db, context(request), publication.id, checked.draft, note)
                : publisher.save(deps.db, context(request), publication.id, checked.draft),
            `${base}/${publication.id}`,
            reply,
          )
        },
      )
    }

    app.post<{ Params: { id: string }; Body: Body }>(
      `${base}/:id/workflow`,
      { config: policy, schema: { hide: true, params: Params, body: FormBody } },
      async (request, reply) => {
        const publication = await load(request)
        const body = request.body
        const action = body.action as PublicationAction
        if (!PUBLICATION_ACTIONS.includes(action)) return show(request, reply, 422, [publicationStepProblem(publication.status)])
        const zone = typeof body.zone === 'string' ? body.zone : 'UTC'
        const until = action === 'schedule' ? zonedToUtc(String(body.embargo_until ?? '').trim(), zone) : null
        if (action === 'schedule' && !until)
          return show(request, reply, 422, [{ field: 'embargo_until', message: 'publication.form.problem.embargo' }])
        const reason = typeof body.reason === 'string' ? body.reason.trim() : ''
        if (action === 'withdraw' && !reason) return show(request, reply, 422, [{ field: 'reason', message: 'workflow.problem.reason' }])
        return attempt(
          (problem) => show(request, reply, 409, [problem]),
          async () => {
            if (action === 'withdraw') return withdrawPublication(deps.db, context(request), publication.id, reason)
            await publisher.takeStep(deps.db, context(request), publication.id, action, until ? { until, zone } : undefined)
            if (action === 'publish_now') await publisher.publishDue(deps.db, deps.clock(), deps.config.publicUrl)
          },
          `${base}/${publication.id}`,
          reply,
        )
      },
    )
  }
}
