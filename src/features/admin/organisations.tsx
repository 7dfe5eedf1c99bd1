import { Type } from '@sinclair/typebox'
import type { Kysely } from 'kysely'
import type { AppDeps } from '../../app-deps.js'
import { withActor } from '../../db/audit.js'
import type { DB } from '../../db/schema.js'
import { slugify } from '../../lib/slug.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../../lib/errors.js'
import { Checkbox, CsrfField, TextInput } from '../../web/forms.js'

/** Partner organisations: credited publicly, or anonymous (never named on any page). */
export interface Organisation {
  id: number
  name: string
  credited: boolean
  members: number
}

export async function listOrganisations(db: Kysely<DB>): Promise<Organisation[]> {
  const rows = await db
    .selectFrom('organisations')
    .leftJoin('users', 'users.organisation_id', 'organisations.id')
    .select((eb) => ['organisations.id', 'organisations.name', 'organisations.credited', eb.fn.count<number>('users.id').as('members')])
    .groupBy(['organisations.id', 'organisations.name', 'organisations.credited'])
    .orderBy('organisations.name')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, credited: r.credited, members: Number(r.members) }))
}

export function OrganisationsSection({
  ctx,
  csrf,
  organisations,
  problems,
}: {
  ctx: PageContext
  csrf: string
  organisations: Organisation[]
  problems: FormProblem[]
}) {
  const { t } = ctx
  return (
    <section aria-labelledby="orgs-title">
      <h2 id="orgs-title">{t('orgs.title')}</h2>
      <p>{t('orgs.lead')}</p>
      {organisations.length === 0 ? (
        <p>{t('orgs.none')}</p>
      ) : (
        <ul>
          {organisations.map((o) => (
            <li>
              {o.name} ({o.credited ? t('orgs.creditedYes') : t('orgs.creditedNo')}, {t('orgs.members', { count: o.members })})
              <form method="post" action={href(ctx, `/admin/organisations/${o.id}`)} class="inline-form">
                <CsrfField token={csrf} />
                <input type="hidden" name="credited" value={o.credited ? 'no' : 'yes'} />
                <button type="submit" class="secondary">
                  {t(o.credited ? 'orgs.makeAnonymous' : 'orgs.makeCredited')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form class="stack-form" method="post" action={href(ctx, '/admin/organisations')}>
        <CsrfField token={csrf} />
        <TextInput ctx={ctx} id="orgName" name="name" label={t('orgs.name')} problems={problems} required maxLength={200} />
        <Checkbox ctx={ctx} id="credited" label={t('orgs.credited')} checked={false} />
        <button type="submit">{t('orgs.create')}</button>
      </form>
    </section>
  )
}

export async function createOrganisation(
  deps: AppDeps,
  input: { name: string; credited: boolean },
  actor: { name: string; ip: string },
): Promise<FormProblem | null> {
  const name = input.name.trim()
  if (!name || name.length > 200) return { field: 'orgName', message: 'orgs.nameMissing' }
  const slug = slugify(name) || `organisation-${Date.now()}`
  const taken = await deps.db
    .selectFrom('organisations')
    .select('id')
    .where((eb) => eb.or([eb('slug', '=', slug), eb('name', '=', name)]))
    .executeTakeFirst()
  if (taken) return { field: 'orgName', message: 'orgs.nameTaken' }
  await withActor(deps.db, actor, (trx) => trx.insertInto('organisations').values({ name, slug, credited: input.credited }).execute())
  return null
}

/** Crediting is the organisation's safety: it can be switched off at once, and the change is audited. */
export async function setCredited(deps: AppDeps, id: number, credited: boolean, actor: { name: string; ip: string }): Promise<boolean> {
  const result = await withActor(deps.db, actor, (trx) =>
    trx.updateTable('organisations').set({ credited }).where('id', '=', id).executeTakeFirst(),
  )
  return Number(result.numUpdatedRows) === 1
}

export const OrganisationBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 300 })),
  credited: Type.Optional(Type.String({ maxLength: 5 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
