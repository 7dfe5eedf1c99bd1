import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB, DecisionStatus } from '../../src/db/schema.js'
import { createCountry, createUser } from './factories.js'
import { signedIn, type SignedIn } from './forms.js'
import { makePublication } from './publications.js'
import { ensureMethodology } from './ratings.js'
import { makeUpdate } from './updates.js'

/**
 * Fictional publications for the tests of the public pages, the API and the press room (not
 * used by the application): a published release in English and Russian with everything linked,
 * a published English-only statement, and a draft, a review and a scheduled one that no public
 * surface may show.
 */
export const NOW = new Date('2030-06-01T12:00:00Z')
export const HIDDEN = ['draft', 'review', 'scheduled'] as const
export const hiddenSlug = (status: (typeof HIDDEN)[number]) => `fictional-${status}-secret`
export const hiddenTitle = (status: (typeof HIDDEN)[number]) => `Fictional ${status} secret title`
/** 20 June 2030, 00:01 in Almaty. */
export const EMBARGO = new Date('2030-06-19T18:01:00Z')

export interface Fixture {
  countries: { code: string; name: string; slug: string }[]
  who: { anonymous: undefined; researcher: SignedIn; journalist: SignedIn; editor: SignedIn }
  release: { id: number }
  statement: { id: number }
  hidden: Record<(typeof HIDDEN)[number], { id: number }>
  decisions: { published: number; unpublished: number }
  updates: { published: number; draft: number }
  attachmentId: number
}

async function fictionalDecision(db: Kysely<DB>, country: string, status: DecisionStatus, createdBy: number): Promise<number> {
  const row = await db
    .insertInto('rating_decisions')
    .values({
      country_code: country,
      status,
      from_category: 'obstructed',
      to_category: 'repressed',
      to_score: 30,
      rationale: JSON.stringify({ en: 'Fictional rationale' }),
      methodology_id: await ensureMethodology(db),
      quorum: JSON.stringify({}),
      embargo_until: new Date('2030-05-20T06:00:00Z'),
      published_at: status === 'published' ? new Date('2030-05-20T06:00:00Z') : null,
      created_by: createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

export async function setUpPublications(db: Kysely<DB>): Promise<Fixture> {
  const countries = [await createCountry(db), await createCountry(db), await createCountry(db)]
  const [a, b, c] = countries as [(typeof countries)[0], (typeof countries)[0], (typeof countries)[0]]
  const editorUser = await createUser(db, { roles: ['editor'] })
  const who = {
    anonymous: undefined,
    researcher: await signedIn(db, (await createUser(db, { roles: ['researcher'] })).id, NOW),
    journalist: await signedIn(db, (await createUser(db, { roles: ['journalist'] })).id, NOW),
    editor: await signedIn(db, editorUser.id, NOW),
  }
  const decisions = {
    published: await fictionalDecision(db, a.code, 'published', editorUser.id),
    unpublished: await fictionalDecision(db, c.code, 'scheduled', editorUser.id),
  }
  const updates = {
    published: await makeUpdate(db, { countryCode: a.code, title: 'Fictional linked update' }, { now: NOW }),
    draft: await makeUpdate(db, { countryCode: a.code, title: 'Fictional unpublished update' }, { now: NOW, status: 'draft' }),
  }
  const release = await makePublication(db, {
    createdBy: editorUser.id,
    status: 'published',
    embargoUntil: new Date('2030-05-20T06:00:00Z'),
    embargoZone: 'Asia/Almaty',
    texts: [
      {
        language: 'en',
        slug: 'fictional-release',
        title: 'Fictional Arcadia crackdown release',
        summary: 'A fictional summary of the release.',
        body: 'Fictional **body** with a [source](https://example.org/fictional-source).\n\n<script>alert(1)</script>',
        quotes: [{ text: 'A fictional quote.', attribution: 'Fictional Spokesperson' }],
        contacts: [{ name: 'Fictional Press Officer', role: 'Media', email: 'press@example.org', phone: '+1 555 0100' }],
      },
      {
        language: 'ru',
        slug: 'fictional-release-ru',
        title: 'Вымышленный релиз о репрессиях',
        summary: 'Вымышленное резюме.',
        // As many releases give it: a press office's address, no name.
        contacts: [{ name: '', role: '', email: 'media@example.org', phone: '' }],
      },
    ],
    countries: [a.code],
    decisionIds: [decisions.published, decisions.unpublished],
    updateIds: [updates.published, updates.draft],
  })
  const content = Buffer.from('%PDF-1.4 fictional')
  const attachment = await db
    .insertInto('publication_attachments')
    .values({
      publication_id: release.id,
      file_name: 'fictional-report.pdf',
      media_type: 'application/pdf',
      byte_size: 2500,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('publication_corrections')
    .values({
      publication_id: release.id,
      note: 'Fictional figure corrected.',
      before: JSON.stringify([]),
      corrected_by: editorUser.id,
      corrected_at: new Date('2030-05-21T10:00:00Z'),
    })
    .execute()
  const statement = await makePublication(db, {
    createdBy: editorUser.id,
    kind: 'statement',
    status: 'published',
    embargoUntil: new Date('2030-05-10T09:00:00Z'),
    texts: [
      { language: 'en', slug: 'fictional-statement', title: 'Fictional Borduria statement', summary: 'Fictional statement summary.' },
    ],
    countries: [b.code],
  })
  const hidden = {} as Fixture['hidden']
  for (const status of HIDDEN)
    hidden[status] = await makePublication(db, {
      createdBy: editorUser.id,
      status,
      embargoUntil: status === 'scheduled' ? EMBARGO : null,
      embargoZone: 'Asia/Almaty',
      texts: [
        { language: 'en', slug: hiddenSlug(status), title: hiddenTitle(status), summary: `Fictional ${status} summary.` },
        { language: 'ru', slug: `${hiddenSlug(status)}-ru`, title: `Вымышленный ${status}` },
      ],
      countries: [b.code],
    })
  return { countries, who, release, statement, hidden, decisions, updates, attachmentId: Number(attachment.id) }
}
