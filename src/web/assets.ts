import { readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { compressBody, hash, sendCompressed, type CompressedBody } from '../lib/compressed.js'

/**
 * Static files served from memory under a content-hashed name (/assets/app.3f9c….css), so they
 * can be cached for a year and a change is picked up at once. Loaded and compressed at start-up.
 */
const FILES: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
}
const PUBLIC_DIR = new URL('./public/', import.meta.url)

export interface Assets {
  /** The URL of a file by its plain name: assets.url('app.css'). */
  url(name: string): string
  /** Adds the /assets/:file route. */
  register(app: FastifyInstance): void
}

let loaded: Promise<Assets> | undefined

/** The files are read and compressed (brotli 11) once per process, however many apps it builds. */
export function loadAssets(): Promise<Assets> {
  loaded ??= readAssets()
  return loaded
}

async function readAssets(): Promise<Assets> {
  const byUrlName = new Map<string, CompressedBody>()
  const urls = new Map<string, string>()
  for (const [name, type] of Object.entries(FILES)) {
    const body = await readFile(new URL(name, PUBLIC_DIR))
    const dot = name.lastIndexOf('.')
    const hashed = `${name.slice(0, dot)}.${hash(body).slice(0, 10)}${name.slice(dot)}`
    byUrlName.set(hashed, await compressBody(body, type, undefined, 'max'))
    urls.set(name, `/assets/${hashed}`)
  }
  return {
    register(app) {
      app.get<{ Params: { file: string } }>(
        '/assets/:file',
        { config: { policy: 'public' }, schema: { hide: true } },
        async (request, reply) => {
          const body = byUrlName.get(request.params.file)
          if (!body) return reply.callNotFound()
          return sendCompressed(request, reply, body, 'public, max-age=31536000, immutable')
        },
      )
    },
    url(name) {
      const url = urls.get(name)
      if (!url) throw new Error(`Unknown asset ${name}`)
      return url
    },
  }
}
