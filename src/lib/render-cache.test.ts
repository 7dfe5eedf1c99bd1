import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { MissGate } from './miss-gate.js'
import { RenderCache } from './render-cache.js'

/** A bare Fastify app answering /p/:key from a render cache, counting renders per key. */
function cachedApp(maxEntries: number, maxProbation: number) {
  const cache = new RenderCache('boot', new MissGate(4, 64), maxEntries, maxProbation)
  const renders = new Map<string, number>()
  const app = Fastify()
  app.get<{ Params: { key: string } }>('/p/:key', (request, reply) =>
    cache.serve(request, reply, {
      version: 1,
      key: request.params.key,
      contentType: 'text/plain',
      render: () => (renders.set(request.params.key, (renders.get(request.params.key) ?? 0) + 1), `page ${request.params.key}`),
    }),
  )
  return { app, renders, cache }
}

describe('the render cache', () => {
  it('keeps a page read twice while a flood of pages read once passes through', async () => {
    const { app, renders, cache } = cachedApp(10, 5)
    for (let i = 0; i < 2; i++) expect((await app.inject('/p/home')).body).toBe('page home')
    for (let i = 0; i < 50; i++) await app.inject(`/p/search-${i}`)
    expect((await app.inject('/p/home')).body).toBe('page home')
    expect(renders.get('home')).toBe(1) // never rendered again
    expect(cache.size).toBe(1 + 5) // the protected page and the probation segment, full
    // A page read once only is the first to go.
    await app.inject('/p/search-0')
    expect(renders.get('search-0')).toBe(2)
  })

  it('answers 304 to a client holding the current copy, without rendering again', async () => {
    const { app, renders } = cachedApp(10, 5)
    const first = await app.inject('/p/about')
    const again = await app.inject({ url: '/p/about', headers: { 'if-none-match': String(first.headers.etag) } })
    expect(again.statusCode).toBe(304)
    expect(renders.get('about')).toBe(1)
  })
})
