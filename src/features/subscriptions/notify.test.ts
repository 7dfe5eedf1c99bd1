import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createUser } from '../../../test/helpers/factories.js'
import { makePublication } from '../../../test/helpers/publications.js'
import type { PublicationKind } from '../../db/schema.js'
import type { Locale } from '../../lib/i18n.js'
import { newToken } from '../../lib/secrets.js'
import { notifySubscribers } from './notify.js'

const URL = 'https://civic-monitor.test'
let serial = 0

describe.each(backends)('notifySubscribers on %s', (kind) => {
  const t = useTestApp(kind)
  const db = () => t().database.db

  const subscriber = async (options: { language?: Locale; countries?: string[]; kinds?: PublicationKind[]; confirmed?: boolean } = {}) => {
    serial += 1
    const email = `fictional.reader${serial}.${Date.now()}@example.org`
    const token = newToken()
    await db()
      .insertInto('subscriptions')
      .values({
        email,
        token,
        language: options.language ?? 'en',
        countries: options.countries ?? [],
        kinds: options.kinds ?? [],
        confirmed_at: options.confirmed === false ? null : new Date('2030-01-01T00:00:00Z'),
      })
      .execute()
    return { email, token }
  }
  const publication = async (kind: PublicationKind, countries: string[], status: 'published' | 'scheduled' = 'published') => {
    const editor = await createUser(db(), { roles: ['editor'] })
    serial += 1
    return makePublication(db(), {
      createdBy: editor.id,
      kind,
      status,
      embargoUntil: status === 'scheduled' ? new Date('2031-01-01T00:00:00Z') : null,
      countries,
      texts: [
        { language: 'fr', slug: `communique-fictif-${serial}`, title: `Communiqué fictif ${serial}`, summary: 'Résumé fictif.' },
        { language: 'en', slug: `fictional-release-${serial}`, title: `Fictional release ${serial}`, summary: 'A fictional summary.' },
        { language: 'ru', slug: `vymyshlennyi-reliz-${serial}`, title: `Вымышленный релиз ${serial}`, summary: '' },
      ],
    })
  }
  const notify = (id: number) =>
    db()
      .transaction()
      .execute((trx) => notifySubscribers(trx, id, URL))
  const mailsTo = (email: string) => db().selectFrom('outbox').select(['subject', 'body']).where('recipient', '=', email).execute()

  it('mails confirmed subscribers whose kinds and countries match, an empty choice meaning all', async () => {
    const a = await createCountry(db())
    const b = await createCountry(db())
    const everything = await subscriber()
    const sameKind = await subscriber({ kinds: ['statement', 'press_release'] })
    const otherKind = await subscriber({ kinds: ['watchlist_report'] })
    const sameCountry = await subscriber({ countries: [b.code, 'XXX'] })
    const otherCountry = await subscriber({ countries: ['XXY'] })
    const both = await subscriber({ kinds: ['press_release'], countries: [a.code] })
    const unconfirmed = await subscriber({ confirmed: false })
    const { id } = await publication('press_release', [a.code, b.code])

    const enqueued = await notify(id)

    for (const s of [everything, sameKind, sameCountry, both]) expect(await mailsTo(s.email)).toHaveLength(1)
    for (const s of [otherKind, otherCountry, unconfirmed]) expect(await mailsTo(s.email)).toHaveLength(0)
    // Mail programs get a one-click unsubscribe of their own.
    const row = await db().selectFrom('outbox').select('headers').where('recipient', '=', everything.email).executeTakeFirstOrThrow()
    expect(row.headers).toEqual({
      'List-Unsubscribe': `<${URL}/subscriptions/${everything.token}/unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    })
    // Other suites' subscribers in this database may match too; ours are at least these four.
    expect(enqueued).toBeGreaterThanOrEqual(4)
  })

  it('returns the number enqueued, and mails nobody for a publication that is not published', async () => {
    const c = await createCountry(db())
    const only = await subscriber({ countries: [c.code], kinds: ['annual_findings'] })
    const scheduled = await publication('annual_findings', [c.code], 'scheduled')
    const before = await db()
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(await notify(scheduled.id)).toBe(0)
    const after = await db()
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    expect(await mailsTo(only.email)).toHaveLength(0)
  })

  it('a publication without countries reaches only those who chose every country', async () => {
    const c = await createCountry(db())
    const all = await subscriber({ kinds: ['watchlist_report'] })
    const narrowed = await subscriber({ kinds: ['watchlist_report'], countries: [c.code] })
    const { id } = await publication('watchlist_report', [])
    await notify(id)
    expect(await mailsTo(all.email)).toHaveLength(1)
    expect(await mailsTo(narrowed.email)).toHaveLength(0)
  })

  it("writes in the subscriber's language when there is a text in it, otherwise the first text", async () => {
    const c = await createCountry(db())
    const ru = await subscriber({ language: 'ru', countries: [c.code] })
    const en = await subscriber({ language: 'en', countries: [c.code] })
    const ar = await subscriber({ language: 'ar', countries: [c.code] })
    const { id } = await publication('statement', [c.code])
    await notify(id)
    const texts = await db()
      .selectFrom('publication_texts')
      .select(['language', 'slug', 'title'])
      .where('publication_id', '=', id)
      .execute()
    const text = (language: string) => texts.find((x) => x.language === language)!

    const [ruMail] = await mailsTo(ru.email)
    expect(ruMail!.subject).toBe(text('ru').title)
    // No summary in Russian: the body starts with the framing line.
    expect(ruMail!.body.startsWith('Полный текст публикации:\n')).toBe(true)
    expect(ruMail!.body).toContain(`${URL}/ru/press/${text('ru').slug}\n`)
    expect(ruMail!.body).toContain('Вы получили это письмо, потому что подписались на публикации Civic Monitor.')
    expect(ruMail!.body.endsWith(`${URL}/ru/subscriptions/${ru.token}`)).toBe(true)

    const [enMail] = await mailsTo(en.email)
    expect(enMail!.subject).toBe(text('en').title)
    expect(enMail!.body).toBe(
      [
        'A fictional summary.',
        '',
        'Read the full publication:',
        `${URL}/press/${text('en').slug}`,
        '',
        '-- ',
        'You receive this e-mail because you subscribed to Civic Monitor publications.',
        'To change what you receive or to unsubscribe:',
        `${URL}/subscriptions/${en.token}`,
      ].join('\n'),
    )

    // No Arabic text: the first text (French, lowest id), its French link, framed in Arabic.
    const [arMail] = await mailsTo(ar.email)
    expect(arMail!.subject).toBe(text('fr').title)
    expect(arMail!.body).toContain('Résumé fictif.')
    expect(arMail!.body).toContain(`${URL}/fr/press/${text('fr').slug}\n`)
    expect(arMail!.body).toContain('اقرأ المنشور كاملًا:')
    expect(arMail!.body).toContain(`${URL}/ar/subscriptions/${ar.token}`)
  })

  it('enqueues nothing when the surrounding transaction rolls back', async () => {
    const c = await createCountry(db())
    const s = await subscriber({ countries: [c.code] })
    const { id } = await publication('press_release', [c.code])
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          expect(await notifySubscribers(trx, id, URL)).toBeGreaterThanOrEqual(1)
          throw new Error('fictional failure after publishing')
        }),
    ).rejects.toThrow('fictional failure')
    expect(await mailsTo(s.email)).toHaveLength(0)
  })
})
