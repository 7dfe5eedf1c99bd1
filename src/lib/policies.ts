import { forbidden, unauthorized } from './errors.js'
import type { Role } from '../db/schema.js'

/**
 * Who may do what, in one place. Routes declare a policy (`config: { policy }`): 'public', or
 * an ability checked here; resource-level checks (a researcher's own countries) call
 * authorize() with the resource. Nothing else looks at roles.
 */
export interface CurrentUser {
  id: number
  email: string
  displayName: string
  roles: Role[]
  organisationId: number | null
  /** Countries a researcher is assigned to (alpha-3 codes). */
  countries: string[]
}

export const STAFF_ROLES: readonly Role[] = ['researcher', 'editor', 'panelist', 'admin']

const RULES = {
  /** Anyone signed in: their own account, sessions, tokens. */
  'account:use': () => true,
  'admin:audit': (user: CurrentUser) => user.roles.includes('admin'),
  'admin:users': (user: CurrentUser) => user.roles.includes('admin'),
  /** Write and submit monitoring updates: editors anywhere, researchers for their assigned countries. */
  'update:write': (user: CurrentUser, resource?: unknown) =>
    user.roles.includes('editor') ||
    (user.roles.includes('researcher') && (resource === undefined || user.countries.includes((resource as CountryScoped).countryCode))),
  /** Review, request changes, approve, schedule, correct and withdraw updates. */
  'update:review': (user: CurrentUser) => user.roles.includes('editor'),
  /** Edit the taxonomy. */
  'taxonomy:edit': (user: CurrentUser) => user.roles.includes('admin'),
  /** Draft and publish methodology versions. */
  'methodology:edit': (user: CurrentUser) => user.roles.includes('admin'),
  /** Enter assessments and draft rating decisions: editors anywhere, researchers for their countries. */
  'rating:propose': (user: CurrentUser, resource?: unknown) =>
    user.roles.includes('editor') ||
    (user.roles.includes('researcher') && (resource === undefined || user.countries.includes((resource as CountryScoped).countryCode))),
  /** See the rating back office (decisions, assessments, review flags): editors and panelists for every country, researchers for theirs. */
  'rating:view': (user: CurrentUser, resource?: unknown) => {
    if (!user.roles.some((role) => role === 'editor' || role === 'researcher' || role === 'panelist')) return false
    const scope = ratingScope(user)
    return resource === undefined || scope === 'all' || scope.includes((resource as CountryScoped).countryCode)
  },
  /** Send decisions to the panel, close the vote, schedule, set "under review". */
  'rating:decide': (user: CurrentUser) => user.roles.includes('editor'),
  /** Vote on rating decisions, or declare a conflict of interest. */
  'rating:vote': (user: CurrentUser) => user.roles.includes('panelist'),
  /** Prepare and publish watchlist editions. */
  'watchlist:edit': (user: CurrentUser) => user.roles.includes('editor'),
  /** Write, review, schedule and correct publications (press releases, reports, statements). */
  'publication:write': (user: CurrentUser) => user.roles.includes('editor'),
  /** Read embargoed publications in the press room: accredited journalists, and editors who prepare them. */
  'press:embargoed': (user: CurrentUser) => user.roles.includes('journalist') || user.roles.includes('editor'),
  /** Approve or refuse journalists' accreditation requests. */
  'press:accredit': (user: CurrentUser) => user.roles.includes('editor'),
} satisfies Record<string, (user: CurrentUser, resource?: unknown) => boolean>

/** Countries whose rating work a user may see: every one for editors and panelists (who judge them all), assigned ones otherwise. */
export function ratingScope(user: CurrentUser): 'all' | string[] {
  return user.roles.includes('editor') || user.roles.includes('panelist') ? 'all' : user.countries
}

/** A resource that belongs to one country, such as a monitoring update. */
export interface CountryScoped {
  countryCode: string
}

export type Ability = keyof typeof RULES
export type Policy = 'public' | Ability

export function can(user: CurrentUser | null, ability: Ability, resource?: unknown): boolean {
  const rule: (user: CurrentUser, resource?: unknown) => boolean = RULES[ability]
  return user !== null && rule(user, resource)
}

/** Throws 401 without a user, 403 when the user may not. */
export function authorize(user: CurrentUser | null, ability: Ability, resource?: unknown): asserts user is CurrentUser {
  if (!user) throw unauthorized()
  if (!can(user, ability, resource)) throw forbidden()
}

/** Staff must use two-factor authentication. */
export function requiresTwoFactor(roles: readonly Role[]): boolean {
  return roles.some((role) => STAFF_ROLES.includes(role))
}
