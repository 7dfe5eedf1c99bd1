import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import type { CookieNames } from '../../lib/auth.js'
import { translator, type Locale } from '../../lib/i18n.js'
import type { TypedToken } from './account-settings.views.js'
import { isHttpError, refusalOf, type FormProblem } from '../../lib/errors.js'
import { startSession } from './session.http.js'
import { cancelEnrolment, confirmEnrolment, NO_ENROLMENT, replaceRecoveryCodes, startEnrolment } from './two-factor.service.js'

/** What the account page shows beside the settings; account-settings.pages.ts passes its show() in. */
export interface AccountExtras {
  notice?: string | null
  newToken?: string | null
  newCodes?: string[] | null
  problems?: FormProblem[]
  /** What was typed in a refused API token form. */
  typedToken?: TypedToken
}

type Show = (request: FastifyRequest, reply: FastifyReply, status: number, extra?: AccountExtras) => Promise<FastifyReply>

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }))
const options = (body: ReturnType<typeof Type.Object>) => ({ config: { policy: 'account:use' as const }, schema: { hide: true, body } })

/** The second factor on the account page: new recovery codes, a new authenticator (or a first one). */
export function registerTwoFactorRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  names: CookieNames,
  page: { locale: Locale; url: string; show: Show; back: (reply: FastifyReply, query?: string) => FastifyReply },
): void {
  const { locale, url, show, back } = page
  const actor = (request: FastifyRequest) => ({ userId: request.user!.id, ip: request.ip, now: deps.clock() })
  /** The step, or the account page again (422) with a refused password or code beside its field. */
  const orRefusal = async (request: FastifyRequest, reply: FastifyReply, step: () => Promise<FastifyReply>) => {
    try {
      return await step()
    } catch (error) {
      const problem = refusalOf(error)
      if (!problem) throw error
      return show(request, reply, 422, { problems: [problem] })
    }
  }

  app.post<{ Body: { code?: string } }>(
    `${url}/recovery-codes`,
    options(Type.Object({ code: text(32), _csrf: text(200) })),
    (request, reply) =>
      orRefusal(request, reply, async () => {
        const codes = await replaceRecoveryCodes(deps.db, request.body.code ?? '', actor(request))
        return show(request, reply, 200, { newCodes: codes })
      }),
  )

  app.post<{ Body: { password?: string } }>(
    `${url}/two-factor/start`,
    options(Type.Object({ password: text(1024), _csrf: text(200) })),
    (request, reply) =>
      orRefusal(request, reply, async () => {
        await startEnrolment(deps.db, request.body.password ?? '', actor(request))
        return back(reply, '#two-factor')
      }),
  )

  app.post(`${url}/two-factor/cancel`, options(Type.Object({ _csrf: text(200) })), async (request, reply) => {
    await cancelEnrolment(deps.db, actor(request))
    return back(reply, '#two-factor')
  })

  app.post<{ Body: { code?: string } }>(
    `${url}/two-factor/confirm`,
    options(Type.Object({ code: text(32), _csrf: text(200) })),
    (request, reply) =>
      orRefusal(request, reply, async () => {
        let codes: string[]
        try {
          codes = await confirmEnrolment(deps.db, request.body.code ?? '', actor(request))
        } catch (error) {
          // Nothing to confirm (cancelled or finished in another tab): the page shows how things are.
          if (isHttpError(error, NO_ENROLMENT)) return back(reply, '#two-factor')
          throw error
        }
        // Every session ended with the old device; this one starts afresh, and shows the new codes once.
        await startSession(deps, names, request, reply, request.user!.id)
        return show(request, reply, 200, { newCodes: codes, notice: translator(locale)('account.authenticatorReplaced') })
      }),
  )
}
