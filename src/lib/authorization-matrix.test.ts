import Fastify from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { backends } from '../../test/helpers/databases.js'
import { useTestApp } from '../../test/helpers/app.js'
import { createUser } from '../../test/helpers/factories.js'
import type { Role } from '../db/schema.js'
import { createSession } from '../features/accounts/sessions.js'
import { registerAuth } from './auth.js'
import { loadConfig } from '../config.js'
import type { Policy } from './policies.js'

/**
 * For every registered route and every role (and anonymous), the outcome the policy promises.
 * Who may use each ability is written out here by hand, on purpose: the test checks the code
 * in lib/policies.ts against it, and a new ability fails until it is added.
 */
const ROLES: Role[] = ['researcher', 'editor', 'panelist', 'admin', 'journalist']
const MAY: Record<Exclude<Policy, 'public'>, Role[]> = {
  'account:use': ROLES,
  'admin:audit': ['admin'],
  'admin:users': ['admin'],
  'update:write': ['researcher', 'editor'],
  'update:review': ['editor'],
  'taxonomy:edit': ['admin'],
  'methodology:edit': ['admin'],
  'rating:propose': ['researcher', 'editor'],
  'rating:view': ['researcher', 'editor', 'panelist'],
  'rating:decide': ['editor'],
  'rating:vote': ['panelist'],
  'watchlist:edit': ['editor'],
  'publication:write': ['editor'],
  'press:embargoed': ['journalist', 'editor'],
  'press:accredit': ['editor'],
}
const SAMPLE_PARAMS: Record<string, string> = {
  slug: 'kazakhstan',
  code: 'KAZ',
  file: 'nothing.css',
  token: 'not-a-real-token',
  id: '1',
  handle: 'aaaaaaaaaaaaaaaa',
}

describe.each(backends)('authorization matrix on %s', (kind) => {
  const t = useTestApp(kind)
  const users: Record<string, number | null> = { anonymous: null }
  beforeAll(async () => {
    for (const role of ROLES) users[role] = (await createUser(t().database.db, { roles: [role] })).id
  })

  it('gives a page in another language the policy of the English one', () => {
    const { app } = t()
    expect(app.routeTable.length).toBeGreaterThan(10)
    // A page in another language (/ru/..., /es/...) is registered by the same loop as the English
    // one: it must carry the same policy, which is checked without sending its requests again.
    const policyOf = new Map(app.routeTable.map((r) => [`${r.method} ${r.url}`, r.policy]))
    const failures = app.routeTable
      .filter((route) => englishOf(route.url) !== route.url && policyOf.get(`${route.method} ${englishOf(route.url)}`) !== route.policy)
      .map((route) => `${route.method} ${route.url}: not the policy of ${englishOf(route.url)}`)
    expect(failures).toEqual([])
  })

  // One test per role, so that a loaded machine answering a few hundred requests slowly does not
  // run into the timeout of a single test.
  it.each(['anonymous', ...ROLES])('answers %s on every route as its policy says', async (who) => {
    const { app, database } = t()
    const userId = users[who]!
    // A fresh session for every request: one route (sign-out) must not change another's answer.
    const sessionOf = async () => {
      if (userId === null) return null
      const { token, session } = await createSession(database.db, userId, { now: new Date(), ip: null, userAgent: null })
      return { cookie: `cm_session=${token}`, csrf: session.csrfToken }
    }
    const failures: string[] = []
    for (const route of app.routeTable.filter((r) => englishOf(r.url) === r.url)) {
      const url = route.url.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x')
      const session = await sessionOf()
      const res = await app.inject({
        method: route.method as 'GET',
        url,
        headers: {
          // Every request carries a valid CSRF token: the matrix is about who, not about forgery.
          ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : { cookie: 'cm_csrf=matrix', 'x-csrf-token': 'matrix' }),
          ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }),
        },
        ...(route.method === 'GET' ? {} : { payload: '{}' }),
      })
      const expected = expectation(route.policy, who, url)
      if (!expected(res.statusCode)) failures.push(`${route.method} ${route.url} as ${who}: got ${res.statusCode}`)
    }
    expect(failures).toEqual([])
  })
})

const englishOf = (url: string) => url.replace(/^\/(ru|es|fr|ar)(?=\/|$)/, '') || '/'

function expectation(policy: Policy, who: string, url: string): (status: number) => boolean {
  const allowed = (status: number) => status !== 401 && status !== 403 && status < 500
  // A sign-in route answers 401 to the empty credentials the matrix sends: that is its job.
  if (policy === 'public' && /\/(sign-in|session)$/.test(url)) return (status) => status !== 403 && status < 500
  if (policy === 'public') return allowed
  if (who === 'anonymous') return url.startsWith('/api/') ? (s) => s === 401 : (s) => s === 303
  return MAY[policy].includes(who as Role) ? allowed : (s) => s === 403
}

describe('route policies', () => {
  it('a route registered without a policy stops the app from starting', async () => {
    const app = Fastify()
    const nobody = { resumeSession: () => Promise.resolve(null), apiTokenUser: () => Promise.resolve(null) }
    await registerAuth(app, loadConfig({}).publicUrl, nobody)
    expect(() => app.get('/forgotten', () => 'oops')).toThrow('Route GET /forgotten has no policy')
  })
})
