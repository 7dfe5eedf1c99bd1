import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import net, { type Socket } from 'node:net'
import { setImmediate as nextCheck, setTimeout as sleep } from 'node:timers/promises'

/**
 * How long a connection with no request in flight may stay silent during a stop before it is
 * closed: a kept-alive one that was answered before, and a new one whose client has not sent its
 * request yet (a busy client can take seconds).
 */
const QUIET_MS = 2000
const NEW_QUIET_MS = 10_000
/** During a stop, the listener closes once no connection came for this long (or after LISTEN_MAX_MS). */
const ARRIVALS_QUIET_MS = 100
const LISTEN_MAX_MS = 1000

interface Connection {
  /** Requests read and not answered yet. */
  busy: number
  /** When the connection opened or last finished an answer. */
  since: number
  /** Whether it has sent a request yet. */
  used: boolean
}

/**
 * Follows the connections of an HTTP server so that a stop answers every request a client sent on
 * a connection the server accepted. Fastify's close (Node's `server.close()`) closes at once every
 * connection with no request in flight, including one accepted a moment ago whose request is not
 * read yet (while PGlite computes, the event loop may not read for a while): its client sees a
 * reset. Call before `listen`; `stop()` then:
 * - marks every answer from then on `Connection: close`;
 * - keeps accepting until no connection came for ARRIVALS_QUIET_MS (at most LISTEN_MAX_MS), then
 *   closes the listening socket, in a check phase right after the event loop accepted what waited;
 * - waits, checking right after each read of the sockets, until every connection is closed or has
 *   been quiet with nothing in flight for QUIET_MS (NEW_QUIET_MS if it never sent a request), and
 *   closes those;
 * after which Fastify's close has only requests in flight to wait for.
 */
export function followConnections(server: Server): { stop(): Promise<void> } {
  const connections = new Map<Socket, Connection>()
  let stopping = false
  let lastArrival = 0
  server.on('connection', (socket: Socket) => {
    lastArrival = Date.now()
    connections.set(socket, { busy: 0, since: lastArrival, used: false })
    socket.once('close', () => connections.delete(socket))
  })
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    if (stopping) response.setHeader('connection', 'close')
    const connection = connections.get(request.socket)
    if (!connection) return
    connection.busy += 1
    connection.used = true
    response.once('close', () => {
      connection.busy -= 1
      connection.since = Date.now()
    })
  })
  return {
    async stop() {
      stopping = true
      // Connections the kernel completed but the event loop has not taken yet (it may have been busy
      // computing a page) would be reset by closing the listener: take them first.
      const stopped = Date.now()
      while (Date.now() - lastArrival < ARRIVALS_QUIET_MS && Date.now() - stopped < LISTEN_MAX_MS) await sleep(20)
      await nextCheck()
      net.Server.prototype.close.call(server) // the listener only: Node's http close would also cut idle connections
      while (connections.size > 0) {
        await sleep(50)
        await nextCheck() // just after the event loop read what the sockets hold
        for (const [socket, connection] of connections)
          if (connection.busy === 0 && Date.now() - connection.since >= (connection.used ? QUIET_MS : NEW_QUIET_MS)) socket.destroy()
      }
    },
  }
}
