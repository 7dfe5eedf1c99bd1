import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { JSX } from 'preact'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { cookieNames, publicFormToken } from '../../lib/auth.js'
import { type FormProblem, notFound } from '../../lib/errors.js'
import { translator, type Locale } from '../../lib/i18n.js'
import { renderDocument, sendPrivatePage } from '../../web/layout.js'
import { pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import {
  checkPreferences,
  checkSubscribeForm,
  PREFERENCE_PROPERTIES,
  readPreferences,
  readSubscribeForm,
  SubscribeBody,
  type PreferenceBody,
  type PreferencesForm,
} from './subscription-form.js'
import {
  confirmSubscription,
  findSubscription,
  savePreferences,
  subscribe,
  unsubscribe,
  type Subscription,
} from './subscriptions.service.js'
import { CheckMailPage, ManagePage, SubscribePage, UnsubscribedPage } from './subscriptions.views.js'
import { createLimiter } from '../../lib/throttle.js'

/**
 * /press/subscribe (anyone, signed in or not) and /subscriptions/{token}, a subscription's own
 * page: its link is the only key, so the page is never cached, never indexed and never sent as a
 * referrer. GET changes nothing (mail scanners open links); confirming, saving and unsubscribing
 * are POSTs with the form's CSRF token, except the RFC 8058 one-click unsubscribe.
 */
// 32 random bytes in base64url (newToken); anything else cannot be one.
const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) })
const ManageBody = Type.Object({
  action: Type.Union([Type.Literal('confirm'), Type.Literal('save'), Type.Literal('unsubscribe')]),
  ...PREFERENCE_PROPERTIES,
})
type ManageBody = PreferenceBody & { action: 'confirm' | 'save' | 'unsubscribe' }
const ManageQuery = Type.Object({ done: Type.Optional(Type.Union([Type.Literal('confirmed'), Type.Literal('saved')])) })
const OneClickBody = Type.Object({ 'List-Unsubscribe': Type.Literal('One-Click') })

/** At most 10 subscribe requests per IP and 3 e-mails per address in an hour. */
const HOUR = 60 * 60 * 1000

export function registerSubscriptions(app: FastifyInstance, deps: AppDeps): void {
  const names = cookieNames(deps.config.publicUrl)
  const perIp = createLimiter({ max: 10, windowMs: HOUR })
  const perAddress = createLimiter({ max: 3, windowMs: HOUR })
  const actor = (request: FastifyRequest) => ({ name: 'anonymous:subscription', ip: request.ip })
  const countryOptions = async (locale: Locale) =>
    (await listCountries(deps.db))
      .map((c) => ({ code: c.code, name: c.names[locale] }))
      .sort((a, b) => a.name.localeCompare(b.name, locale))

  for (const { locale, url } of localizedRoutes('/press/subscribe')) {
    const ctx = pageContext(locale, '/press/subscribe', deps.assets, deps.config.publicUrl)
    const showForm = async (request: FastifyRequest, reply: FastifyReply, status: number, body: SubscribeBody, problems: FormProblem[]) => {
      const { csrf, email } = await publicFormToken(deps.identity, names, request, reply)
      const form = readSubscribeForm({ email: email ?? undefined, ...body }, locale)
      return sendPrivatePage(reply, status, h(SubscribePage, { ctx, csrf, form, problems, countries: await countryOptions(locale) }))
    }

    app.get(url, { config: { policy: 'public' }, schema: { hide: true } }, (request, reply) => showForm(request, reply, 200, {}, []))

    app.post<{ Body: SubscribeBody }>(
      url,
      { config: { policy: 'public' }, schema: { hide: true, body: SubscribeBody } },
      async (request, reply) => {
        const form = readSubscribeForm(request.body, locale)
        const known = new Set((await listCountries(deps.db)).map((c) => c.code))
        const checked = checkSubscribeForm(form, known)
        if (!checked.ok) return showForm(request, reply, 422, request.body, checked.problems)
        if (!perIp.take(request.ip, deps.clock()))
          return showForm(request, reply, 429, request.body, [{ field: 'email', message: 'subscription.throttled' }])
        await subscribe(deps.db, checked.email, checked.preferences, {
          actor: actor(request),
          publicUrl: deps.config.publicUrl,
          mayMail: (address) => perAddress.take(address, deps.clock()),
        })
        return sendPrivatePage(reply, 200, h(CheckMailPage, { ctx, email: checked.email }))
      },
    )
  }

  for (const { locale, url } of localizedRoutes('/subscriptions')) {
    const show = async (
      reply: FastifyReply,
      request: FastifyRequest,
      subscription: Subscription,
      extra: { status?: number; form?: PreferencesForm; problems?: FormProblem[]; notice?: string | null } = {},
    ) => {
      const ctx = pageContext(locale, `/subscriptions/${subscription.token}`, deps.assets, deps.config.publicUrl)
      const { csrf } = await publicFormToken(deps.identity, names, request, reply)
      const page = h(ManagePage, {
        ctx,
        csrf,
        email: subscription.email,
        confirmed: subscription.confirmed,
        form: extra.form ?? subscription,
        problems: extra.problems ?? [],
        notice: extra.notice ?? null,
        countries: await countryOptions(locale),
      })
      return sendCapabilityPage(reply, extra.status ?? 200, page)
    }
    const load = async (token: string) => {
      const subscription = await findSubscription(deps.db, token)
      if (!subscription) throw notFound('subscription')
      return subscription
    }

    app.get<{ Params: { token: string }; Querystring: { done?: 'confirmed' | 'saved' } }>(
      `${url}/:token`,
      { config: { policy: 'public' }, schema: { hide: true, params: TokenParams, querystring: ManageQuery } },
      async (request, reply) => {
        noReferrer(reply)
        const subscription = await load(request.params.token)
        const notice = request.query.done ? translator(locale)(`subscription.notice.${request.query.done}`) : null
        return show(reply, request, subscription, { notice })
      },
    )

    app.post<{ Params: { token: string }; Body: ManageBody }>(
      `${url}/:token`,
      { config: { policy: 'public' }, schema: { hide: true, params: TokenParams, body: ManageBody } },
      async (request, reply) => {
        noReferrer(reply)
        const { token } = request.params
        const subscription = await load(token)
        const back = (done: string) => reply.redirect(`${url}/${encodeURIComponent(token)}?done=${done}`, 303)
        if (request.body.action === 'confirm') {
          if (!(await confirmSubscription(deps.db, token, { actor: actor(request), now: deps.clock() }))) throw notFound('subscription')
          return back('confirmed')
        }
        if (request.body.action === 'unsubscribe') return sendUnsubscribed(reply, locale, await unsubscribe(deps.db, token, actor(request)))
        const form = readPreferences(request.body, subscription.language)
        const checked = checkPreferences(form, new Set((await listCountries(deps.db)).map((c) => c.code)))
        if (!checked.ok) return show(reply, request, subscription, { status: 422, form, problems: checked.problems })
        if (!(await savePreferences(deps.db, token, checked.preferences, actor(request)))) throw notFound('subscription')
        return back('saved')
      },
    )
  }

  const sendUnsubscribed = (reply: FastifyReply, locale: Locale, found: boolean) => {
    if (!found) throw notFound('subscription')
    return sendCapabilityPage(
      reply,
      200,
      h(UnsubscribedPage, { ctx: pageContext(locale, '/press/subscribe', deps.assets, deps.config.publicUrl) }),
    )
  }

  // RFC 8058 one-click: a mail provider POSTs "List-Unsubscribe=One-Click" to the link, without cookies.
  void app.register((scope, _options, registered) => {
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 8192 }, (_request, body, done) => {
      const value = /name="?List-Unsubscribe"?[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([^\r\n]*)/i.exec(String(body))?.[1]
      done(null, value === undefined ? {} : { 'List-Unsubscribe': value })
    })
    scope.post<{ Params: { token: string } }>(
      '/subscriptions/:token/unsubscribe',
      {
        // The token in the URL is the capability; mail providers send neither cookie nor form token.
        config: { policy: 'public', csrf: false },
        schema: { hide: true, params: TokenParams, body: OneClickBody },
      },
      async (request, reply) => {
        noReferrer(reply)
        return sendUnsubscribed(reply, 'en', await unsubscribe(deps.db, request.params.token, actor(request)))
      },
    )
    registered()
  })

  // Some mail programs open the List-Unsubscribe address instead of posting to it: show the manage page, change nothing.
  app.get<{ Params: { token: string } }>(
    '/subscriptions/:token/unsubscribe',
    { config: { policy: 'public' }, schema: { hide: true, params: TokenParams } },
    (request, reply) => {
      noReferrer(reply)
      return reply.redirect(`/subscriptions/${encodeURIComponent(request.params.token)}`, 303)
    },
  )
}

function noReferrer(reply: FastifyReply): void {
  reply.header('Referrer-Policy', 'no-referrer').header('X-Robots-Tag', 'noindex')
}

/** A page whose address is a secret: kept by no cache, private or shared. */
function sendCapabilityPage(reply: FastifyReply, status: number, page: JSX.Element): FastifyReply {
  return reply
    .code(status)
    .header('Cache-Control', 'private, no-store')
    .header('Referrer-Policy', 'no-referrer')
    .header('X-Robots-Tag', 'noindex')
    .type('text/html; charset=utf-8')
    .send(renderDocument(page))
}
