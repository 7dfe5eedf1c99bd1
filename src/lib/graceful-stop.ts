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
/**
 * During a stop, the listener closes once no connection came for ARRIVALS_QUIET_MS, right after a
 * turn of the event loop that accepted nothing and took under QUICK_TURN_MS; after LISTEN_MAX_MS it
 * closes anyway.
 */
const ARRIVALS_QUIET_MS = 100
const QUICK_TURN_MS = 5
const LISTEN_MAX_MS = 5000

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
 * - keeps accepting until no connection came for ARRIVALS_QUIET_MS and a turn of the event loop
 *   accepted nothing quickly (at most LISTEN_MAX_MS), then closes the listening socket;
 * - waits, checking right after each read of the sockets, until every connection is closed or has
 *   been quiet with nothing in flight for QUIET_MS (NEW_QUIET_MS if it never sent a request), and
 *   closes those;
 * after which Fastify's close has only requests in flight to wait for.
 */
export function followConnections(server: Server): { stop(): Promise<void> } {
  const connections = new Map<Socket, Connection>()
  let stopping = false
  let lastArrival = 0
  let arrivals = 0
  server.on('connection', (socket: Socket) => {
    arrivals += 1
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
  /**
   * Closing the listening socket resets every connection the kernel completed and the process has
   * not accepted yet. The process accepts them in the poll phase of each turn of the event loop, all
   * that are waiting at that instant; but one turn can run for a long time (a page computed on
   * PGlite runs inside it), and connections arriving meanwhile wait for the next turn. So the
   * listener closes only in the check phase right after a quick turn that accepted nothing: what
   * could still be waiting then arrived in those few milliseconds.
   */
  async function closeListenerWhenQuiet() {
    const stopped = Date.now()
    const overdue = () => Date.now() - stopped >= LISTEN_MAX_MS
    while (Date.now() - lastArrival < ARRIVALS_QUIET_MS && !overdue()) await sleep(20)
    await nextCheck() // the end of the turn under way: from here on, whole turns
    let seen: number
    let turnStarted: number
    do {
      seen = arrivals
      turnStarted = performance.now()
      await nextCheck()
    } while (!overdue() && (arrivals !== seen || performance.now() - turnStarted >= QUICK_TURN_MS))
    net.Server.prototype.close.call(server) // the listener only: Node's http close would also cut idle connections
  }
  return {
    async stop() {
      stopping = true
      await closeListenerWhenQuiet()
      while (connections.size > 0) {
        await sleep(50)
        await nextCheck() // just after the event loop read what the sockets hold
        for (const [socket, connection] of connections)
          if (connection.busy === 0 && Date.now() - connection.since >= (connection.used ? QUIET_MS : NEW_QUIET_MS)) socket.destroy()
      }
    },
  }
}
