import { createServer, type Socket } from 'node:net'
import { chmod, rm } from 'node:fs/promises'
import type { PGlite } from '@electric-sql/pglite'
import type { Mutex } from './mutex.js'

/**
 * Serves the embedded database on a Unix socket so that `civic-monitor` commands can use it
 * while the web server holds its files (PGlite allows one process only).
 *
 * Why not @electric-sql/pglite-socket: it runs each protocol message on its own, so the
 * Parse/Bind/Execute/Sync of two clients can interleave in PGlite's single session. Here a
 * client takes the shared mutex when it sends its first message of a cycle and keeps it until
 * PGlite answers ReadyForQuery with status idle: across a whole extended-protocol cycle, and
 * across an open transaction, exactly like the app's own connections (pglite-driver.ts).
 * See docs/decisions/002-embedded-database-socket.md.
 */
const SSL_REQUEST = 80877103
const GSS_REQUEST = 80877104
const CANCEL_REQUEST = 80877102
/** Messages after which the client waits for an answer: run what has been buffered. */
const GROUP_END = new Set(['S', 'Q', 'H', 'c', 'f'])
const MAX_MESSAGE = 64 * 1024 * 1024
/**
 * A client that holds the database (an open transaction or cycle) while it neither sends
 * anything nor reads what it was sent for this long is cut off.
 */
const IDLE_HOLD_MS = 30_000
/**
 * PGlite produces a message's whole result at once (it cannot be paused), so it is buffered for
 * the client. A client whose unread output passes this is dropped (what it left open rolled
 * back): a bound on the memory one client can take. Larger results need a cursor or Execute
 * with a row limit.
 */
const MAX_UNREAD = 256 * 1024 * 1024
/** A new cycle waits, without the database, until the client has read its output down to this. */
const RESUME_BELOW = 1024 * 1024

export interface SocketServer {
  /** Disconnects every client (rolling back what they left open), then stops listening. */
  close(): Promise<void>
}

export async function startSocketServer(pglite: PGlite, mutex: Mutex, socketPath: string): Promise<SocketServer> {
  await rm(socketPath, { force: true })
  const sessions = new Set<ClientSession>()
  const server = createServer((socket) => {
    const session = new ClientSession(pglite, mutex, socket, () => sessions.delete(session))
    sessions.add(session)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, () => resolve())
  })
  await chmod(socketPath, 0o600)
  return {
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      await Promise.all([...sessions].map((session) => session.terminate()))
      await closed
    },
  }
}

class ClientSession {
  #buffer = Buffer.alloc(0)
  #started = false
  #group: Buffer[] = []
  #work: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined
  #closed = false
  #idleTimer: NodeJS.Timeout | undefined
  /** When the client last showed life: sent something, or took some of its output. */
  #lastActive = Date.now()
  /** Bytes of output the client had taken when last looked at. */
  #taken = 0
  #running = false
  #overflow = false
  /** The last 6 bytes PGlite sent: enough to recognise a final ReadyForQuery message. */
  #tail = Buffer.alloc(0)

  constructor(
    private readonly pglite: PGlite,
    private readonly mutex: Mutex,
    private readonly socket: Socket,
    private readonly onEnd: () => void,
  ) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => {
      try {
        this.#receive(chunk)
      } catch {
        socket.destroy() // a malformed message: drop this client, never the server
      }
    })
    socket.on('error', () => socket.destroy())
    socket.on('close', () => void this.terminate())
  }

  /** Ends the session: queued work is dropped, an open transaction rolled back, the lock freed. */
  terminate(): Promise<void> {
    this.socket.destroy()
    this.#enqueue(() => this.#end())
    return this.#work
  }

  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk])
    this.#lastActive = Date.now()
    for (;;) {
      const message = this.#next()
      if (!message) return
      if (!this.#started) {
        const code = message.readInt32BE(4)
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          this.socket.write('N')
          continue
        }
        if (code === CANCEL_REQUEST) throw new Error('cancel requests are not supported')
        this.#started = true
        this.#flush([message])
        continue
      }
      const type = String.fromCharCode(message[0] ?? 0)
      if (type === 'X') {
        void this.terminate()
        return
      }
      this.#group.push(message)
      if (GROUP_END.has(type)) this.#flush(this.#group.splice(0))
    }
  }

  /** Cuts one complete message off the buffer (the start-up message has no type byte). */
  #next(): Buffer | undefined {
    const header = this.#started ? 5 : 8
    if (this.#buffer.length < header) return undefined
    const length = this.#started ? 1 + this.#buffer.readInt32BE(1) : this.#buffer.readInt32BE(0)
    if (length < header || length > MAX_MESSAGE) throw new Error(`bad message length ${length}`)
    if (this.#buffer.length < length) return undefined
    const message = this.#buffer.subarray(0, length)
    this.#buffer = this.#buffer.subarray(length)
    return message
  }

  #flush(messages: Buffer[]): void {
    this.#enqueue(async () => {
      if (!this.#release) {
        await this.#drained() // a reader that is behind does not start more work
        if (this.#closed) return
        this.#release = await this.mutex.lock()
        this.#lastActive = Date.now()
        this.#armIdleTimer()
      }
      if (this.#closed) return
      this.#running = true
      try {
        for (const message of messages) {
          await this.pglite.runExclusive(() =>
            this.pglite.execProtocolRawStream(new Uint8Array(message), { onRawData: (data) => this.#send(data) }),
          )
        }
      } finally {
        this.#running = false
        this.#lastActive = Date.now() // the client's turn starts now
      }
      if (this.#overflow) this.socket.destroy()
      if (this.#readyAndIdle()) this.#unlock()
    })
  }

  /**
   * `data` is a view into PGlite's WebAssembly memory, overwritten by the next chunk: what the
   * socket cannot send at once is buffered, so it must be a copy.
   */
  #send(data: Uint8Array): void {
    this.#remember(data)
    if (this.socket.destroyed || this.#overflow) return
    if (this.socket.writableLength + data.length > MAX_UNREAD) this.#overflow = true
    else this.socket.write(Buffer.from(data))
  }

  /** Resolves once the client has read its output down to RESUME_BELOW, or is gone. */
  #drained(): Promise<void> {
    const socket = this.socket
    if (socket.destroyed || socket.writableLength <= RESUME_BELOW) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        socket.off('drain', done)
        socket.off('close', done)
        resolve()
      }
      socket.on('drain', done)
      socket.on('close', done)
    })
  }

  #remember(data: Uint8Array): void {
    this.#tail = Buffer.concat([this.#tail, Buffer.from(data)]).subarray(-6)
  }

  /** True when PGlite's last message was ReadyForQuery with status 'I' (no transaction open). */
  #readyAndIdle(): boolean {
    const t = this.#tail
    return t.length === 6 && t[0] === 0x5a && t.readInt32BE(1) === 5 && t[5] === 0x49
  }

  #enqueue(step: () => Promise<void> | void): void {
    this.#work = this.#work.then(step).catch(() => {
      this.socket.destroy()
      return this.#end()
    })
  }

  /** While the client holds the database, checks that it keeps sending or reading. */
  #armIdleTimer(): void {
    clearTimeout(this.#idleTimer)
    const wait = Math.max(0, this.#lastActive + IDLE_HOLD_MS - Date.now())
    this.#idleTimer = setTimeout(() => {
      if (!this.#release || this.#closed) return
      const taken = this.socket.bytesWritten - this.socket.writableLength
      if (this.#running || taken !== this.#taken) this.#lastActive = Date.now()
      this.#taken = taken
      if (Date.now() - this.#lastActive >= IDLE_HOLD_MS)
        void this.terminate() // holding the database and silent
      else this.#armIdleTimer()
    }, wait).unref()
  }

  async #end(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#idleTimer)
    try {
      // A client that vanished in the middle of a cycle or a transaction must not leave it open.
      if (this.#release && !this.#readyAndIdle()) await this.pglite.exec('rollback').catch(() => undefined)
    } finally {
      this.#unlock()
      this.onEnd()
    }
  }

  #unlock(): void {
    const release = this.#release
    this.#release = undefined
    release?.()
  }
}
