import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

/** Journalists' accreditation: apply, and editors decide (to be written). */
export function registerAccreditation(_app: FastifyInstance, _deps: AppDeps): void {}
