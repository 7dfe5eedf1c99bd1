import { passwordProblem, type PasswordProblem } from './password.js'
import { checkTotp } from './totp.js'

/**
 * The checks of the forms that set a new password (set-up, reset, the account page). Pure: they
 * list every problem at once (decision 015); the services then refuse only what needs the database.
 */
export type SetupProblem = { field: 'password'; problem: PasswordProblem | 'mismatch' } | { field: 'code'; problem: 'wrong' | 'replayed' }

/** The new-password rules of every form that sets one. */
export function newPasswordProblems(password: string, confirm: string, email: string): SetupProblem[] {
  const weak = passwordProblem(password, email)
  if (weak) return [{ field: 'password', problem: weak }]
  return password === confirm ? [] : [{ field: 'password', problem: 'mismatch' }]
}

/**
 * A new password and, when the account asks for one (`totpSecret`), the authenticator's current
 * code. When all is well: the code's time step to record, or `lastStep` when no code was asked.
 */
export async function checkNewPasswordForm(
  input: { password: string; confirm: string; code: string },
  account: { email: string; totpSecret: string | null; lastStep: number | null },
  now: Date,
): Promise<{ ok: true; step: number | null } | { ok: false; problems: SetupProblem[] }> {
  const problems = newPasswordProblems(input.password, input.confirm, account.email)
  let step = account.lastStep
  if (account.totpSecret) {
    const totp = await checkTotp(account.totpSecret, input.code, { now, lastStep: account.lastStep })
    if (totp.ok) step = totp.step
    else problems.push({ field: 'code', problem: totp.reason })
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, step }
}
