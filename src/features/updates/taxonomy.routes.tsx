import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { Layout, sendPrivatePage } from '../../web/layout.js'
import { href, pageContext, type PageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import type { FormProblem } from '../../lib/errors.js'
import { addTerm, deleteTerm, relabelTerm, setRetired, termUsage, VOCABULARIES, type Labels } from './taxonomy.service.js'
import { listTerms, type Term } from './updates.queries.js'
import { ErrorSummary, Select, TextInput } from '../../web/forms.js'
import { InlineForm } from '../../web/inline-form.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

const label = Type.Optional(Type.String({ maxLength: 500 }))
const TermBody = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 20 })),
  vocabulary: Type.Optional(Type.String({ maxLength: 20 })),
  key: Type.Optional(Type.String({ maxLength: 100 })),
  ...Object.fromEntries(CONTENT_LANGUAGES.map((l) => [`label_${l}`, label])),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
type Body = Record<string, string | undefined>
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })
const labelsOf = (body: Body) => Object.fromEntries(CONTENT_LANGUAGES.map((l) => [l, (body[`label_${l}`] ?? '').trim()])) as Labels

/** /admin/taxonomy: the vocabularies, in five languages, kept by administrators. */
export function registerTaxonomyAdmin(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/admin/taxonomy')) {
    const actor = (request: FastifyRequest) => ({ name: `user:${request.user!.id}`, ip: request.ip })
    const show = async (request: FastifyRequest, reply: FastifyReply, status: number, problems: FormProblem[] = [], typed: Body = {}) => {
      const [terms, usage] = await Promise.all([listTerms(deps.db), termUsage(deps.db)])
      const ctx = pageContext(locale, '/admin/taxonomy', deps.assets, deps.config.publicUrl)
      return sendPrivatePage(reply, status, h(TaxonomyPage, { ctx, terms, usage, problems, typed, csrf: request.session?.csrfToken ?? '' }))
    }
    const back = (reply: FastifyReply, id?: number) =>
      reply.redirect(`${href({ locale }, '/admin/taxonomy')}${id ? `#term-${id}` : ''}`, 303)

    app.get(url, { config: { policy: 'taxonomy:edit' }, schema: { hide: true } }, (request, reply) => show(request, reply, 200))

    app.post<{ Body: Body }>(
      url,
      { config: { policy: 'taxonomy:edit' }, schema: { hide: true, body: TermBody } },
      async (request, reply) => {
        const problems = await addTerm(
          deps.db,
          { vocabulary: request.body.vocabulary ?? '', key: (request.body.key ?? '').trim(), labels: labelsOf(request.body) },
          actor(request),
        )
        return problems.length > 0 ? show(request, reply, 422, problems, request.body) : back(reply)
      },
    )

    app.post<{ Params: { id: string }; Body: Body }>(
      `${url}/:id`,
      { config: { policy: 'taxonomy:edit' }, schema: { hide: true, params: Params, body: TermBody } },
      async (request, reply) => {
        const id = Number(request.params.id)
        const action = request.body.action ?? 'relabel'
        if (action === 'retire' || action === 'restore')
          await setRetired(deps.db, id, action === 'retire' ? deps.clock() : null, actor(request))
        else if (action === 'delete') {
          if ((await deleteTerm(deps.db, id, actor(request))) === 'in-use')
            return show(request, reply, 409, [{ field: `term-${id}`, message: 'taxonomy.problem.inUse' }])
        } else {
          const problems = await relabelTerm(deps.db, id, labelsOf(request.body), actor(request))
          if (problems.length > 0)
            return show(
              request,
              reply,
              422,
              problems.map((p) => ({ ...p, field: `term-${id}` })),
            )
        }
        return back(reply, id)
      },
    )
  }
}

/** A label per content language; a term's inputs are `{prefix}_{language}`, as its problems name them. */
function LabelInputs(props: { ctx: PageContext; prefix: string; values: Partial<Record<string, string>>; problems: FormProblem[] }) {
  return (
    <>
      {CONTENT_LANGUAGES.map((l) => (
        <TextInput
          ctx={props.ctx}
          id={`${props.prefix}_${l}`}
          name={`label_${l}`}
          label={props.ctx.t(`language.${l}`)}
          problems={props.problems}
          value={props.values[l] ?? ''}
          maxLength={120}
          lang={l}
          dir={l === 'ar' ? 'rtl' : undefined}
        />
      ))}
    </>
  )
}

function TaxonomyPage(props: {
  ctx: PageContext
  terms: Term[]
  usage: Map<number, number>
  problems: FormProblem[]
  typed: Body
  csrf: string
}) {
  const { ctx, terms, usage } = props
  const { t } = ctx
  const base = href(ctx, '/admin/taxonomy')
  return (
    <Layout ctx={ctx} title={t('taxonomy.title')}>
      <h1>{t('taxonomy.title')}</h1>
      <p class="lead">{t('taxonomy.lead')}</p>
      <ErrorSummary ctx={ctx} problems={props.problems} />
      {VOCABULARIES.map((vocabulary) => (
        <section aria-labelledby={`v-${vocabulary}`}>
          <h2 id={`v-${vocabulary}`}>{t(`taxonomy.${vocabulary}`)}</h2>
          {terms
            .filter((term) => term.vocabulary === vocabulary)
            .map((term) => (
              <div class="row-group" id={`term-${term.id}`}>
                <InlineForm method="post" action={`${base}/${term.id}`} csrf={props.csrf}>
                  <strong>
                    <code>{term.key}</code>
                    {term.retired && ` · ${t('taxonomy.retired')}`} · {t('taxonomy.uses', { count: usage.get(term.id) ?? 0 })}
                  </strong>
                  <LabelInputs ctx={ctx} prefix={`term-${term.id}`} values={term.labels} problems={[]} />
                  <button type="submit" name="action" value="relabel">
                    {t('taxonomy.save')}
                  </button>
                  <button type="submit" name="action" value={term.retired ? 'restore' : 'retire'} class="secondary">
                    {t(term.retired ? 'taxonomy.restore' : 'taxonomy.retire')}
                  </button>
                  {(usage.get(term.id) ?? 0) === 0 && (
                    <button type="submit" name="action" value="delete" class="secondary">
                      {t('taxonomy.delete')}
                    </button>
                  )}
                </InlineForm>
              </div>
            ))}
        </section>
      ))}
      <h2 id="add-term">{t('taxonomy.add')}</h2>
      <InlineForm method="post" action={base} csrf={props.csrf} submit={t('taxonomy.addSubmit')}>
        <Select
          ctx={ctx}
          id="vocabulary"
          label={t('taxonomy.vocabulary')}
          problems={props.problems}
          options={VOCABULARIES.map((v) => ({ value: v, label: t(`taxonomy.${v}`) }))}
          value={props.typed.vocabulary ?? ''}
        />
        <TextInput
          ctx={ctx}
          id="key"
          label={t('taxonomy.key')}
          problems={props.problems}
          value={props.typed.key ?? ''}
          pattern="[a-z0-9-]{1,60}"
          required
        />
        <LabelInputs
          ctx={ctx}
          prefix="label"
          values={Object.fromEntries(CONTENT_LANGUAGES.map((l) => [l, props.typed[`label_${l}`]]))}
          problems={props.problems}
        />
      </InlineForm>
    </Layout>
  )
}
