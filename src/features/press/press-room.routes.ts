import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

/** The press room for accredited journalists (to be written). */
export function registerPressRoom(_app: FastifyInstance, _deps: AppDeps): void {}
