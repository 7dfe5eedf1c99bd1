import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../test/helpers/app.js'
import { backends } from '../../test/helpers/databases.js'

describe.each(backends)('a flood of uncached reads on %s', (kind) => {
  // Two at once and ten waiting: a flood of 20 is enough to overflow them.
  const t = useTestApp(kind, { env: { READ_CONCURRENCY: '2', READ_QUEUE: '10' } })

  it('is shed with 503 and Retry-After beyond what waits, while cached pages keep answering', async () => {
    const { app } = t()
    for (let i = 0; i < 2; i++) expect((await app.inject('/')).statusCode).toBe(200) // cached, read twice
    const flood = Array.from({ length: 20 }, (_, i) => app.inject(`/updates?q=fictional${i}`))
    const during = await app.inject('/')
    expect(during.statusCode).toBe(200)
    const answers = await Promise.all(flood)
    const shed = answers.filter((answer) => answer.statusCode === 503)
    // Two render, ten wait: the rest of the twenty (8, fewer if some finished before all arrived)
    // are shed, and nothing else fails.
    expect(shed.length).toBeGreaterThanOrEqual(4)
    expect(shed.length).toBeLessThanOrEqual(8)
    expect(answers.filter((answer) => answer.statusCode === 200)).toHaveLength(20 - shed.length)
    expect(shed[0]!.headers['retry-after']).toBe('5')
    expect(shed[0]!.headers['cache-control']).toBe('no-store')
    expect(shed[0]!.body).toContain('The site is very busy')

    const api = await Promise.all(Array.from({ length: 20 }, (_, i) => app.inject(`/api/v1/updates?q=fictional-api-${i}`)))
    const refused = api.find((answer) => answer.statusCode === 503)!
    expect(refused.headers['retry-after']).toBe('5')
    expect(refused.json()).toEqual({
      error: { code: 'overloaded', message: 'Too many readers are asking for pages at once. Try again in 5 seconds.' },
    })
    // In Russian, the page says so in Russian.
    const russian = await Promise.all(Array.from({ length: 20 }, (_, i) => app.inject(`/ru/updates?q=vymysel${i}`)))
    expect(russian.find((answer) => answer.statusCode === 503)!.body).toContain('Сайт сильно загружен')
  })
})
