import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

/** /workspace/publications (to be written). */
export function registerPublicationEditor(_app: FastifyInstance, _deps: AppDeps): void {}
