import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

/** GET /api/v1/publications and /api/v1/publications/{slug} (to be written). */
export function registerPublicationsApi(_app: FastifyInstance, _deps: AppDeps): void {}
