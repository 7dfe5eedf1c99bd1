import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'
import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { CLAIM_MS, deliverDue, enqueueMail, fileTransport, retryDelayMs, smtpTransport, type MailTransport } from './outbox.js'

describe.each(backends)('outbox on %s', (kind) => {
  const t = useTestApp(kind)
  const NOW = new Date('2030-05-01T08:00:00Z')

  it('writes each due message as an .eml file once, and marks it sent', async () => {
    const db = t().database.db
    const dir = await mkdtemp(join(tmpdir(), 'cm-outbox-'))
    try {
      await enqueueMail(db, {
        to: 'fictional.one@example.org',
        subject: 'Fictional subject',
        body: 'Fictional body, line one.\nLine two.',
        headers: { 'List-Unsubscribe': '<https://civic-monitor.test/subscriptions/fictional/unsubscribe>' },
      })
      expect(await deliverDue(db, fileTransport(dir), { now: NOW, from: 'Civic Monitor <no-reply@example.org>' })).toEqual({
        sent: 1,
        failed: 0,
      })
      expect(await deliverDue(db, fileTransport(dir), { now: NOW, from: 'x@example.org' })).toEqual({ sent: 0, failed: 0 })
      const files = await readdir(dir)
      expect(files).toHaveLength(1)
      const eml = await readFile(join(dir, files[0]!), 'utf8')
      expect(eml).toContain('To: fictional.one@example.org')
      expect(eml).toContain('Subject: Fictional subject')
      expect(eml).toContain('Line two.')
      // (folded onto a second line, as long headers are)
      expect(eml).toMatch(/^List-Unsubscribe:\s+<https:\/\/civic-monitor\.test\/subscriptions\/fictional\/unsubscribe>$/m)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('retries a failed delivery later, with growing delays, and records the error', async () => {
    const db = t().database.db
    await enqueueMail(db, { to: 'fictional.two@example.org', subject: 'Retry me', body: 'x' })
    const failing: MailTransport = { send: () => Promise.reject(new Error('fictional SMTP outage')) }
    expect(await deliverDue(db, failing, { now: NOW, from: 'x@example.org' })).toEqual({ sent: 0, failed: 1 })
    const row = await db.selectFrom('outbox').selectAll().where('subject', '=', 'Retry me').executeTakeFirstOrThrow()
    expect(row).toMatchObject({ attempts: 1, sent_at: null, last_error: 'fictional SMTP outage' })
    expect(row.next_attempt_at.getTime()).toBe(NOW.getTime() + 60_000)
    expect(await deliverDue(db, failing, { now: new Date(NOW.getTime() + 30_000), from: 'x@example.org' })).toEqual({ sent: 0, failed: 0 })
    const sent: string[] = []
    const working: MailTransport = { send: (m) => Promise.resolve(void sent.push(m.to)) }
    expect(await deliverDue(db, working, { now: new Date(NOW.getTime() + 61_000), from: 'x@example.org' })).toEqual({ sent: 1, failed: 0 })
    expect(sent).toEqual(['fictional.two@example.org'])
    expect([1, 2, 3, 4, 5, 9].map(retryDelayMs)).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 21_600_000])
  })

  it('sends outside any transaction: the site keeps answering while a message is on its way, and nobody else picks it up', async () => {
    const db = t().database.db
    await enqueueMail(db, { to: 'fictional.three@example.org', subject: 'Slow server', body: 'x' })
    const during: unknown[] = []
    const slow: MailTransport = {
      async send() {
        // On PGlite (one connection) this query would wait forever for a transaction held around the send.
        during.push(
          (
            await db
              .selectFrom('countries')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
        during.push(await deliverDue(db, { send: () => Promise.reject(new Error('picked up twice')) }, { now: NOW, from: 'x@example.org' }))
      },
    }
    expect(await deliverDue(db, slow, { now: NOW, from: 'x@example.org' })).toEqual({ sent: 1, failed: 0 })
    expect(during[1]).toEqual({ sent: 0, failed: 0 })
    expect(Number(during[0])).toBeGreaterThan(0)
  })

  it('sends a message again only when its sender vanished and the claim lapsed', async () => {
    const db = t().database.db
    await enqueueMail(db, { to: 'fictional.four@example.org', subject: 'Lost sender', body: 'x' })
    // A sender that never finishes, as if its process died in the middle of the SMTP exchange.
    void deliverDue(db, { send: () => new Promise<void>(() => {}) }, { now: NOW, from: 'x@example.org' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    const sent: string[] = []
    const working: MailTransport = { send: (m) => Promise.resolve(void sent.push(m.subject)) }
    expect(await deliverDue(db, working, { now: new Date(NOW.getTime() + CLAIM_MS - 1000), from: 'x@example.org' })).toEqual({
      sent: 0,
      failed: 0,
    })
    expect(await deliverDue(db, working, { now: new Date(NOW.getTime() + CLAIM_MS), from: 'x@example.org' })).toEqual({
      sent: 1,
      failed: 0,
    })
    expect(sent).toEqual(['Lost sender'])
  })
  it('sends many messages over a few kept-open SMTP connections, no faster than the rate allows', async () => {
    const db = t().database.db
    const connections: string[] = []
    const received: string[] = []
    // A real SMTP server on loopback, counting connections on its side.
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (session, callback) => callback(void connections.push(session.id)),
      onData: (stream, session, callback) => {
        stream.resume()
        stream.on('end', () => callback(void received.push(...session.envelope.rcptTo.map((r) => r.address))))
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.server.address() as AddressInfo
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, { connections: 2, ratePerSecond: 10 })
    try {
      const count = 25
      for (let i = 0; i < count; i++) await enqueueMail(db, { to: `fictional.pool${i}@example.org`, subject: 'Pooled', body: 'x' })
      const started = Date.now()
      expect(await deliverDue(db, transport, { now: NOW, from: 'x@example.org', limit: 100, batch: count })).toEqual({
        sent: count,
        failed: 0,
      })
      const elapsed = Date.now() - started
      expect(received.sort()).toEqual(Array.from({ length: count }, (_, i) => `fictional.pool${i}@example.org`).sort())
      // One connection per message would be 25; the pool keeps at most 2 open.
      expect(connections.length).toBeGreaterThanOrEqual(1)
      expect(connections.length).toBeLessThanOrEqual(2)
      // 10 a second: the 21st message waits for the third second to begin (a lower bound, which load can only lengthen).
      expect(elapsed).toBeGreaterThanOrEqual(1900)
    } finally {
      transport.close?.()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
