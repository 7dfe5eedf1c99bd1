import type { Kysely } from 'kysely'
import { withActor } from '../../db/audit.js'
import type { DB } from '../../db/schema.js'
import type { AssessmentInput } from './assessment-form.js'

/**
 * Assessments are append-only: a record is never edited or deleted; a correction is a new
 * assessment for the same period, and the latest entered counts (the scoring service reads it so).
 */
export async function createAssessment(
  db: Kysely<DB>,
  input: AssessmentInput,
  context: { userId: number; ip: string | null },
): Promise<number> {
  return withActor(db, { name: `user:${context.userId}`, ip: context.ip }, async (trx) => {
    const row = await trx
      .insertInto('assessments')
      .values({
        country_code: input.countryCode,
        kind: input.kind,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        association: input.scores.association,
        assembly: input.scores.assembly,
        expression: input.scores.expression,
        trend: input.trend,
        justification: input.justification,
        author_id: context.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  })
}
