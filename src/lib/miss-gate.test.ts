import { describe, expect, it } from 'vitest'
import { HttpError } from './errors.js'
import { MissGate } from './miss-gate.js'

/** A piece of work that ends when told, recording when it started. */
function work(log: string[], name: string) {
  let finish!: () => void
  const done = new Promise<void>((resolve) => (finish = resolve))
  return { run: async () => (log.push(name), await done, name), finish }
}
/** A few turns of the event loop: the gate hands a place on in the next turn. */
const tick = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
}

describe('the gate of uncached reads', () => {
  it('runs at most its concurrency at once, and the next in line when one ends', async () => {
    const gate = new MissGate(2, 10)
    const started: string[] = []
    const jobs = ['a', 'b', 'c'].map((name) => work(started, name))
    const results = jobs.map((job) => gate.run('client', job.run))
    await tick()
    expect(started).toEqual(['a', 'b'])
    expect(gate.waiting).toBe(1)
    jobs[0]!.finish()
    await tick()
    expect(started).toEqual(['a', 'b', 'c'])
    jobs[1]!.finish()
    jobs[2]!.finish()
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c'])
    expect(gate.waiting).toBe(0)
  })

  it('takes waiting reads in turn from each client, so one sending many waits behind itself', async () => {
    const gate = new MissGate(1, 10)
    const started: string[] = []
    const first = work(started, 'flood-0')
    const flood = [1, 2, 3].map((i) => work(started, `flood-${i}`))
    const reader = work(started, 'reader')
    const all = [gate.run('flood', first.run), ...flood.map((job) => gate.run('flood', job.run)), gate.run('reader', reader.run)]
    for (const job of [first, reader, ...flood]) {
      await tick()
      job.finish()
    }
    await Promise.all(all)
    expect(started).toEqual(['flood-0', 'flood-1', 'reader', 'flood-2', 'flood-3'])
  })

  it('when full, sheds the latest read of the client with the most waiting, with a 503 and Retry-After', async () => {
    const gate = new MissGate(1, 3)
    const started: string[] = []
    const running = work(started, 'running')
    const outcomes: Record<string, string> = {}
    const track = (name: string, client: string) => {
      const job = work(started, name)
      void gate.run(client, job.run).then(
        () => (outcomes[name] = 'done'),
        (error: HttpError) => (outcomes[name] = `${error.statusCode} retry ${error.retryAfter}`),
      )
      return job
    }
    const first = gate.run('flood', running.run)
    const waiting = ['flood-1', 'flood-2', 'flood-3'].map((name) => track(name, 'flood'))
    const reader = track('reader', 'reader') // the queue is full: the flood's latest makes room
    const more = track('flood-4', 'flood') // the flood is still the longest: its own newcomer is refused
    await tick()
    expect(outcomes).toEqual({ 'flood-3': '503 retry 5', 'flood-4': '503 retry 5' })
    expect(gate.waiting).toBe(3)
    running.finish()
    await first
    for (const job of [...waiting, reader, more]) {
      await tick()
      job.finish()
    }
    await tick()
    expect(outcomes).toMatchObject({ 'flood-1': 'done', 'flood-2': 'done', reader: 'done' })
    expect(started).toEqual(['running', 'flood-1', 'reader', 'flood-2'])
  })

  it('refuses a client alone when the queue is full of its own reads', async () => {
    const gate = new MissGate(1, 1)
    const started: string[] = []
    const jobs = [0, 1].map((i) => work(started, `job-${i}`))
    const accepted = jobs.map((job) => gate.run('one', job.run))
    const refused = gate.run('one', () => Promise.resolve('never'))
    await expect(refused).rejects.toBeInstanceOf(HttpError)
    await expect(refused).rejects.toMatchObject({ statusCode: 503, code: 'overloaded', retryAfter: 5 })
    jobs.forEach((job) => job.finish())
    await tick()
    jobs.forEach((job) => job.finish())
    expect(await Promise.all(accepted)).toEqual(['job-0', 'job-1'])
  })
})
