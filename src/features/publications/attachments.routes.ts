import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

/** Publication attachments: upload, list, serve (to be written). */
export function registerAttachments(_app: FastifyInstance, _deps: AppDeps): void {}
