import { beforeAll } from 'vitest'
import type { DatabaseKind } from '../../src/db/database.js'
import { useTestApp, type TestApp } from './app.js'
import { createCountry, createUser } from './factories.js'
import { signedIn, type SignedIn } from './forms.js'

/** Where editors write publications. */
export const publicationsBase = '/workspace/publications'

/** The form fields of a fictional press release about Fictional Pressland (XPA), in English and Russian. */
export const release = (slug: string, extra: [string, string][] = []): [string, string][] => [
  ['kind', 'press_release'],
  ['countries', 'XPA'],
  ['title_en', 'Fictional Arcadia downgraded'],
  ['slug_en', slug],
  ['summary_en', 'A fictional summary.'],
  ['body_en', 'Fictional **body**.'],
  ['quote_en_0', 'A fictional quote.'],
  ['quote_by_en_0', 'A. Person, fictional director'],
  ['contact_name_en_0', 'Press Officer'],
  ['contact_email_en_0', 'press@example.org'],
  ['title_ru', 'Вымышленная Аркадия понижена'],
  ['slug_ru', `${slug}-ru`],
  ...extra,
]

/** The id at the end of a redirect after a publication was created. */
export const createdId = (response: { headers: Record<string, unknown> }) =>
  Number(/\/(\d+)$/.exec(response.headers.location as string)![1])

export interface PublicationDesk {
  app: () => TestApp
  /** The clock the app reads; tests move it with `desk.now = …`. */
  now: Date
  editor: SignedIn
  editorId: number
  researcher: SignedIn
}

/**
 * A test app with Fictional Pressland, an editor and a researcher signed in: the set-up every
 * publication-writing suite shares. Call inside a `describe`.
 */
export function usePublicationDesk(kind: DatabaseKind, start = new Date('2030-03-01T09:00:00Z')): PublicationDesk {
  const desk = { now: start } as PublicationDesk
  desk.app = useTestApp(kind, { clock: () => desk.now })
  beforeAll(async () => {
    const db = desk.app().database.db
    await createCountry(db, { code: 'XPA', name: 'Fictional Pressland' })
    desk.editorId = (await createUser(db, { roles: ['editor'] })).id
    desk.editor = await signedIn(db, desk.editorId, desk.now)
    desk.researcher = await signedIn(db, (await createUser(db, { roles: ['researcher'] })).id, desk.now)
  })
  return desk
}
