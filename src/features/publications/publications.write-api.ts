import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

/** Write API for publications (to be written). */
export function registerPublicationsWriteApi(_app: FastifyInstance, _deps: AppDeps): void {}
