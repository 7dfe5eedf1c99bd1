import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { HttpError, notFound, type FormProblem } from '../../lib/errors.js'
import { translator, type MessageKey } from '../../lib/i18n.js'
import { sendPrivatePage } from '../../web/layout.js'
import { pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import { checkEdition, checkEntry, checkRationale, readEditionForm, readEntryForm } from './watchlist-form.js'
import { EditionPage, type EditionPageModel, type WatchlistCandidate } from './watchlist-edition.views.js'
import { EditionListPage, NewEditionPage } from './watchlist-list.views.js'
import { listEditions, loadEdition, type Edition } from './watchlist.queries.js'
import {
  addEntry,
  editionMissing,
  editionPublished,
  createEdition,
  moveEntry,
  publishEdition,
  removeEntry,
  saveEdition,
  saveRationale,
} from './watchlist.service.js'

/**
 * /workspace/watchlist: editors prepare editions (title, date, introduction, countries with a
 * rationale each, in order) and publish them. A published edition is read-only.
 */
export interface WatchlistEditorOptions {
  /** The engine's candidates for an edition; the page shows them under "Suggested by the engine". */
  candidates?: (edition: Edition) => Promise<WatchlistCandidate[]>
}

const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })
const EntryParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }), code: Type.String({ pattern: '^[A-Z]{3}$' }) })
const FormBody = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 25_000 }))
type Body = Record<string, string>
const PageQuery = Type.Object({
  saved: Type.Optional(Type.Union([Type.Literal('created'), Type.Literal('saved'), Type.Literal('published')])),
  candidate: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
})
const NOTICES: Record<string, MessageKey> = {
  created: 'watchlist.notice.created',
  saved: 'watchlist.notice.saved',
  published: 'watchlist.notice.published',
}

export function registerWatchlistEditor(app: FastifyInstance, deps: AppDeps, options: WatchlistEditorOptions = {}): void {
  const policy = { policy: 'watchlist:edit' as const }
  for (const { locale, url } of localizedRoutes('/workspace/watchlist')) {
    const actor = (request: FastifyRequest) => ({ name: `user:${request.user!.id}`, ip: request.ip })
    const csrf = (request: FastifyRequest) => request.session?.csrfToken ?? ''
    const ctxFor = (path: string) => pageContext(locale, path, deps.assets, deps.config.publicUrl)

    const showEdition = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      id: number,
      extra: Partial<Pick<EditionPageModel, 'problems' | 'typed' | 'notice'>> & { candidate?: string } = {},
    ) => {
      const edition = await loadEdition(deps.db, id)
      if (!edition) throw notFound('watchlist edition')
      const countries = (await listCountries(deps.db))
        .map((c) => ({ code: c.code, name: c.names[locale] }))
        .sort((a, b) => a.name.localeCompare(b.name, locale))
      const listed = new Set(edition.entries.map((e) => e.countryCode))
      const candidates = options.candidates && edition.status === 'draft' ? await options.candidates(edition) : undefined
      const { candidate, ...shown } = extra
      // "add" on a suggestion fills the add form with the country and the engine's reason; nothing is saved yet.
      const suggested = candidate
        ? { entry: { country: candidate, rationale: candidates?.find((c) => c.code === candidate)?.reason ?? '' } }
        : {}
      const model: EditionPageModel = {
        edition,
        names: new Map(countries.map((c) => [c.code, c.name])),
        addable: countries.filter((c) => !listed.has(c.code)),
        problems: [],
        typed: suggested,
        csrf: csrf(request),
        notice: null,
        candidates,
        ...shown,
      }
      return sendPrivatePage(reply, status, h(EditionPage, { ctx: ctxFor(`/workspace/watchlist/${id}`), model }))
    }
    const back = (reply: FastifyReply, id: number, saved: string, anchor = '') =>
      reply.redirect(`${url}/${id}?saved=${saved}${anchor}`, 303)

    /** Runs a write on a draft; a published or missing edition answers as the page would. */
    const onDraft = async (request: FastifyRequest, reply: FastifyReply, id: number, write: () => Promise<FastifyReply>) => {
      try {
        return await write()
      } catch (error) {
        // A refusal shows on the edition's page; a missing edition or entry is the handler's 404.
        if (error instanceof HttpError && error.problem)
          return showEdition(request, reply, error.statusCode, id, { problems: [error.problem] })
        throw error
      }
    }

    app.get(url, { config: policy, schema: { hide: true } }, async (_request, reply) =>
      sendPrivatePage(reply, 200, h(EditionListPage, { ctx: ctxFor('/workspace/watchlist'), editions: await listEditions(deps.db) })),
    )

    const showNew = (request: FastifyRequest, reply: FastifyReply, status: number, body: Body, problems: FormProblem[]) =>
      sendPrivatePage(
        reply,
        status,
        h(NewEditionPage, { ctx: ctxFor('/workspace/watchlist/new'), form: readEditionForm(body), problems, csrf: csrf(request) }),
      )

    app.get(`${url}/new`, { config: policy, schema: { hide: true } }, (request, reply) => showNew(request, reply, 200, {}, []))

    app.post<{ Body: Body }>(`${url}/new`, { config: policy, schema: { hide: true, body: FormBody } }, async (request, reply) => {
      const checked = checkEdition(readEditionForm(request.body))
      if (!checked.ok) return showNew(request, reply, 422, request.body, checked.problems)
      return back(reply, await createEdition(deps.db, checked.edition, actor(request)), 'created')
    })

    app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof PageQuery> }>(
      `${url}/:id`,
      { config: policy, schema: { hide: true, params: Params, querystring: PageQuery } },
      async (request, reply) => {
        const { saved, candidate } = request.query
        return showEdition(request, reply, 200, Number(request.params.id), {
          notice: saved ? translator(locale)(NOTICES[saved]!) : null,
          candidate,
        })
      },
    )

    app.post<{ Params: Static<typeof Params>; Body: Body }>(
      `${url}/:id`,
      { config: policy, schema: { hide: true, params: Params, body: FormBody } },
      async (request, reply) => {
        const id = Number(request.params.id)
        const form = readEditionForm(request.body)
        const checked = checkEdition(form)
        return onDraft(request, reply, id, async () => {
          if (!checked.ok) {
            // Refused input on a published edition still answers "read-only", not "fix the title".
            if ((await loadEdition(deps.db, id))?.status === 'published') throw editionPublished()
            return showEdition(request, reply, 422, id, { problems: checked.problems, typed: { edition: form } })
          }
          await saveEdition(deps.db, id, checked.edition, actor(request))
          return back(reply, id, 'saved')
        })
      },
    )

    app.post<{ Params: Static<typeof Params>; Body: Body }>(
      `${url}/:id/entries`,
      { config: policy, schema: { hide: true, params: Params, body: FormBody } },
      async (request, reply) => {
        const id = Number(request.params.id)
        const form = readEntryForm(request.body)
        return onDraft(request, reply, id, async () => {
          const edition = await loadEdition(deps.db, id)
          if (!edition) throw editionMissing()
          if (edition.status === 'published') throw editionPublished()
          const countries = new Set((await listCountries(deps.db)).map((c) => c.code))
          const checked = checkEntry(form, { countries, listed: new Set(edition.entries.map((e) => e.countryCode)) })
          const problems = checked.ok ? [] : checked.problems
          if (checked.ok && !(await addEntry(deps.db, id, checked.entry, actor(request))))
            problems.push({ field: 'country', message: 'watchlist.problem.duplicate' })
          if (problems.length > 0) return showEdition(request, reply, 422, id, { problems, typed: { entry: form } })
          return back(reply, id, 'saved', '#entries')
        })
      },
    )

    app.post<{ Params: Static<typeof EntryParams>; Body: Body }>(
      `${url}/:id/entries/:code`,
      { config: policy, schema: { hide: true, params: EntryParams, body: FormBody } },
      async (request, reply) => {
        const id = Number(request.params.id)
        const { code } = request.params
        const action = request.body.action ?? 'save'
        const rationale = request.body.rationale ?? ''
        return onDraft(request, reply, id, async () => {
          if (action === 'up' || action === 'down') await moveEntry(deps.db, id, code, action, actor(request))
          else if (action === 'remove') await removeEntry(deps.db, id, code, actor(request))
          else {
            const problems = checkRationale(rationale, `rationale-${code}`)
            if (problems.length > 0) {
              if ((await loadEdition(deps.db, id))?.status === 'published') throw editionPublished()
              return showEdition(request, reply, 422, id, { problems, typed: { rationales: { [code]: rationale } } })
            }
            await saveRationale(deps.db, id, code, rationale.trim(), actor(request))
          }
          return back(reply, id, 'saved', '#entries')
        })
      },
    )

    app.post<{ Params: Static<typeof Params> }>(
      `${url}/:id/publish`,
      { config: policy, schema: { hide: true, params: Params } },
      async (request, reply) => {
        const id = Number(request.params.id)
        return onDraft(request, reply, id, async () => {
          await publishEdition(deps.db, id, deps.clock(), actor(request))
          return back(reply, id, 'published')
        })
      },
    )
  }
}
