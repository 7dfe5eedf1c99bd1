import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

/** /press, /press/{slug} and the publications Atom feed (to be written). */
export function registerPublicationsPublic(_app: FastifyInstance, _deps: AppDeps): void {}
