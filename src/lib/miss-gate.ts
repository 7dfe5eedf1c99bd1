import { overloaded, type HttpError } from './errors.js'

/** What a shed read tells its client to wait before trying again. */
const RETRY_AFTER_S = 5

/**
 * Bounds the work of public reads no cache holds (a search, a date nobody asked for yet): at most
 * `concurrency` run at once and at most `maxWaiting` wait. Waiting reads are taken in turn from
 * each client (a client is an address: one Tor exit is one client, however many readers it
 * carries), so one client sending many only waits behind itself. When the queue is full, the
 * client with the most waiting gives up its latest one: a flood sheds its own requests, never
 * a reader's single one, and no client is ever locked out. Cached reads never pass through here.
 */
export class MissGate {
  #running = 0
  #waiting = 0
  /** Per client, the reads waiting in order; the map's order is the turn order. */
  readonly #queues = new Map<string, Waiter[]>()

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  /** Runs `work` when its turn comes; rejects with a 503 (`overloaded`) when the read is shed. */
  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency || this.#waiting > 0) await this.#wait(client)
    else this.#running += 1
    try {
      return await work()
    } finally {
      this.#next()
    }
  }

  get waiting(): number {
    return this.#waiting
  }

  #wait(client: string): Promise<void> {
    if (this.#waiting >= this.maxWaiting) {
      const [longest, queue] = this.#longest()
      if (!queue || longest === client || queue.length <= (this.#queues.get(client)?.length ?? 0) + 1) {
        return Promise.reject(overloaded(RETRY_AFTER_S))
      }
      queue.pop()!.reject(overloaded(RETRY_AFTER_S)) // the flood's latest, to make room for another client
      this.#waiting -= 1
      if (queue.length === 0) this.#queues.delete(longest)
    }
    return new Promise((resolve, reject) => {
      const queue = this.#queues.get(client) ?? []
      queue.push({ resolve, reject })
      this.#queues.set(client, queue)
      this.#waiting += 1
    })
  }

  /** A read finished: the next client in turn gets its place (and goes to the back of the line). */
  #next(): void {
    const turn = this.#queues.entries().next().value
    if (!turn) {
      this.#running -= 1
      return
    }
    const [client, queue] = turn
    const next = queue.shift()!
    this.#queues.delete(client)
    if (queue.length > 0) this.#queues.set(client, queue)
    this.#waiting -= 1
    // The place passes on (#running is unchanged), in the next turn of the event loop: on PGlite a
    // read runs in microtasks, and handing over at once would run every waiting read back to back
    // without letting the process answer cached pages in between.
    setImmediate(next.resolve)
  }

  #longest(): [string, Waiter[] | undefined] {
    let found: [string, Waiter[] | undefined] = ['', undefined]
    for (const [client, queue] of this.#queues) if (queue.length > (found[1]?.length ?? 0)) found = [client, queue]
    return found
  }
}

interface Waiter {
  resolve: () => void
  reject: (error: HttpError) => void
}
