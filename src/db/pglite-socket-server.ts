import { createServer, type Server, type Socket } from 'node:net'
import { chmod, rm } from 'node:fs/promises'
import type { PGlite } from '@electric-sql/pglite'
import type { Mutex } from './mutex.js'

/**
 * Serves the embedded database on a Unix socket so that `civic-monitor` commands can use it
 * while the web server holds its files (PGlite allows one process only).
 *
 * Why not @electric-sql/pglite-socket: it runs each protocol message on its own, so the
 * Parse/Bind/Execute/Sync of two clients can interleave in PGlite's single session. Here a
 * client takes the shared mutex for a whole message group (up to Sync or Query) and keeps it
 * while its transaction is open, exactly like the app's own connections (pglite-driver.ts).
 * See docs/decisions/002-embedded-database-socket.md.
 */
const SSL_REQUEST = 80877103
const GSS_REQUEST = 80877104
const CANCEL_REQUEST = 80877102
const GROUP_END = new Set(['S', 'Q', 'H'])

export async function startSocketServer(pglite: PGlite, mutex: Mutex, socketPath: string): Promise<Server> {
  await rm(socketPath, { force: true })
  const server = createServer((socket) => new ClientSession(pglite, mutex, socket))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, () => resolve())
  })
  await chmod(socketPath, 0o600)
  return server
}

class ClientSession {
  #buffer = Buffer.alloc(0)
  #started = false
  #group: Buffer[] = []
  #work: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined
  #closed = false

  constructor(
    private readonly pglite: PGlite,
    private readonly mutex: Mutex,
    private readonly socket: Socket,
  ) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.#receive(chunk))
    socket.on('error', () => socket.destroy())
    socket.on('close', () => this.#enqueue(() => this.#end()))
  }

  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk])
    for (;;) {
      const message = this.#next()
      if (!message) return
      if (!this.#started) {
        const code = message.readInt32BE(4)
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          this.socket.write('N')
          continue
        }
        if (code === CANCEL_REQUEST) {
          this.socket.end()
          return
        }
        this.#started = true
        this.#flush([message])
        continue
      }
      const type = String.fromCharCode(message[0] ?? 0)
      if (type === 'X') {
        this.socket.end()
        return
      }
      this.#group.push(message)
      if (GROUP_END.has(type)) this.#flush(this.#group.splice(0))
    }
  }

  /** Cuts one complete message off the buffer (the start-up message has no type byte). */
  #next(): Buffer | undefined {
    const header = this.#started ? 5 : 4
    if (this.#buffer.length < header) return undefined
    const length = this.#started ? 1 + this.#buffer.readInt32BE(1) : this.#buffer.readInt32BE(0)
    if (this.#buffer.length < length) return undefined
    const message = this.#buffer.subarray(0, length)
    this.#buffer = this.#buffer.subarray(length)
    return message
  }

  #flush(messages: Buffer[]): void {
    this.#enqueue(async () => {
      if (this.#closed) return
      this.#release ??= await this.mutex.lock()
      for (const message of messages) {
        await this.pglite.runExclusive(() =>
          this.pglite.execProtocolRawStream(new Uint8Array(message), {
            onRawData: (data) => {
              if (!this.socket.destroyed) this.socket.write(data)
            },
          }),
        )
      }
      if (!this.pglite.isInTransaction()) this.#unlock()
    })
  }

  #enqueue(step: () => Promise<void> | void): void {
    this.#work = this.#work.then(step).catch(() => {
      this.socket.destroy()
      return this.#end()
    })
  }

  async #end(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    // A client that vanished in the middle of a transaction must not leave it open.
    if (this.#release && this.pglite.isInTransaction()) await this.pglite.exec('rollback').catch(() => undefined)
    this.#unlock()
  }

  #unlock(): void {
    const release = this.#release
    this.#release = undefined
    release?.()
  }
}
