import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../test/helpers/app.js'
import { backends } from '../../test/helpers/databases.js'

/** A NUL character cannot be stored in PostgreSQL text: every way of sending one gets a 400, never a 500. */
describe.each(backends)('requests carrying NUL, and impossible cursors, on %s', (kind) => {
  const t = useTestApp(kind)

  it('refuses NUL in the address, a form and a JSON body with a 400 (in the API, saying why)', async () => {
    const { app } = t()
    for (const url of ['/subscriptions/abc%00def', '/press/%00', '/updates?q=a%00b']) {
      const res = await app.inject({ url })
      expect(res.statusCode, url).toBe(400)
    }
    const form = await app.inject({
      method: 'POST',
      url: '/press/accreditation',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'cm_csrf=x' },
      payload: 'name=Fictional%00Reporter&_csrf=x',
    })
    expect(form.statusCode).toBe(400)
    const json = await app.inject({ method: 'POST', url: '/api/v1/accreditations', payload: { name: 'Fictional\u0000Reporter' } })
    expect(json.statusCode).toBe(400)
    expect(json.json<{ error: { message: string } }>().error.message).toContain('NUL character')
  })

  it('refuses a page cursor beyond the year 9999 with a 400', async () => {
    for (const url of ['/api/v1/publications?before=253402300800000-1', '/api/v1/decisions?before=999999999999999-1']) {
      const res = await t().app.inject({ url })
      expect(res.statusCode, url).toBe(400)
    }
    expect((await t().app.inject({ url: '/api/v1/publications?before=253402300799999-1' })).statusCode).toBe(200)
  })
})
