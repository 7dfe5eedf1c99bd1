import { Type } from '@sinclair/typebox'
import type { AppDeps } from '../../app-deps.js'
import type { Role } from '../../db/schema.js'
import type { FormProblem } from '../../lib/errors.js'
import { listCountries } from '../countries/countries.queries.js'
import type { InviteForm } from './users.views.js'

export const ROLES: Role[] = ['researcher', 'editor', 'panelist', 'admin', 'journalist']

/** The fields the invitation and the account form share, as the browser sends them. */
export interface PersonBody {
  name?: string
  roles?: string | string[]
  countries?: string | string[]
  organisation?: string
}

const many = (max: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Array(Type.String({ maxLength: max }), { maxItems: 250 })]))
/** The schema properties of PersonBody, for both forms' body schemas. */
export const PERSON_PROPERTIES = {
  name: Type.Optional(Type.String({ maxLength: 120 })),
  roles: many(20),
  countries: many(3),
  organisation: Type.Optional(Type.String({ maxLength: 20 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
}

export const list = (value: string | string[] | undefined) => [value ?? []].flat()

export function readPerson(body: PersonBody): Omit<InviteForm, 'email'> {
  return {
    name: (body.name ?? '').trim(),
    roles: list(body.roles).filter((r): r is Role => ROLES.includes(r as Role)),
    countries: list(body.countries),
    organisationId: body.organisation ? Number(body.organisation) : null,
  }
}

/** What is wrong with a person's name, roles, organisation and countries; rolesSent counts what was ticked. */
export async function personProblems(deps: AppDeps, form: Omit<InviteForm, 'email'>, rolesSent: number): Promise<FormProblem[]> {
  const problems: FormProblem[] = []
  if (!form.name) problems.push({ field: 'name', message: 'users.nameMissing' })
  if (form.roles.length === 0 || form.roles.length !== rolesSent) problems.push({ field: 'roles', message: 'users.rolesMissing' })
  if (form.organisationId !== null) {
    const id = Number.isSafeInteger(form.organisationId) ? form.organisationId : -1
    const known = await deps.db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()
    if (!known) problems.push({ field: 'organisation', message: 'users.organisationUnknown' })
  }
  if (form.countries.length > 0) {
    const known = new Set((await listCountries(deps.db)).map((c) => c.code))
    if (form.countries.some((code) => !known.has(code))) problems.push({ field: 'countries', message: 'users.countryUnknown' })
  }
  return problems
}
