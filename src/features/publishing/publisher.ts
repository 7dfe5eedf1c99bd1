import type { Publisher } from '../publications/publisher.js'
import { publishAllDue } from './publish-due.js'
import { savePublication, takePublicationStep } from './publishing.service.js'

/** The publications feature's routes reach publishing through this (app.ts passes it in). */
export const publisher: Publisher = { takeStep: takePublicationStep, save: savePublication, publishDue: publishAllDue }
