import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

/** Subscriptions to publications (to be written). */
export function registerSubscriptions(_app: FastifyInstance, _deps: AppDeps): void {}
