// The layering of src/, checked in `npm test` (npm run depcheck); docs/decisions/013-layering-checked.md says why.
//
//   cli.ts, server.ts -> seed/ -> app.ts -> features/ -> web/ -> lib/ -> db/
//
// Arrows point one way only. A feature may use another feature's public surface: the files whose
// role says they are meant to be shared (reads, writes through the feature's own workflow,
// schemas, view components) and the few pure domain modules listed below. Routes, pages, API
// handlers, forms and other helpers are the feature's own.
//
// These rules see files. .dependency-cruiser-features.cjs sees feature folders and fails on a cycle
// between features; `npm run depcheck` runs both.

/** Role suffixes that make a file part of its feature's public surface. */
const PUBLIC_ROLES = [
  'queries', // reads
  'service', // writes, through the feature's own workflow
  'schedule', // the feature's part in publishing together (features/publishing calls it)
  'schema', // TypeBox schemas, the types they give, present* functions
  'views', // components
  'stats', // pure computations over the feature's data
]

/** Pure domain modules (no I/O, no HTTP) that other features build on. */
const PUBLIC_MODULES = [
  'ratings/scale.ts', // the rating scale itself
  'methodology/methodology.ts', // the methodology's definition
  'methodology/engine.ts', // the scoring engine
  'countries/region-names.ts', // region names in every language
  // The one way to do a thing that other features need done:
  'mail/outbox.ts', // send an e-mail (enqueue it in the caller's transaction)
  'accounts/sessions.ts', // create, find and end sessions
  'accounts/session.http.ts', // start a session from a request (cookie and rotation)
  'subscriptions/notify.ts', // tell subscribers about a publication
  'publications/publisher.ts', // the port publishing implements for the publications routes (decision 012)
]

const feature = '^src/features/'
const publicSurface = [
  `${feature}[^/]+/[^/]+\\.(${PUBLIC_ROLES.join('|')})\\.tsx?$`,
  ...PUBLIC_MODULES.map((module) => `${feature}${module.replace(/\./g, '\\.')}$`),
]
const tests = ['\\.test\\.tsx?$']

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be understood, tested or moved one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-features',
      severity: 'error',
      comment: 'lib/ is shared and small: it knows no feature. Pass what it needs in (see lib/auth.ts Identity).',
      from: { path: '^src/lib/', pathNot: tests },
      to: { path: feature },
    },
    {
      name: 'lib-not-to-web',
      severity: 'error',
      comment: 'web/ builds on lib/, never the other way round.',
      from: { path: '^src/lib/', pathNot: tests },
      to: { path: '^src/web/' },
    },
    {
      name: 'db-not-up',
      severity: 'error',
      comment: 'db/ is the bottom layer: connection, migrations, table types. It imports no feature, page or seed.',
      from: { path: '^src/db/', pathNot: tests },
      to: { path: [feature, '^src/web/', '^src/seed/'] },
    },
    {
      name: 'web-not-to-features',
      severity: 'error',
      comment: 'web/ holds the layout and shared components; features use them, not the other way round.',
      from: { path: '^src/web/', pathNot: tests },
      to: { path: feature },
    },
    {
      name: 'seed-only-from-the-top',
      severity: 'error',
      comment: 'The seed uses features to fill a database; only the CLI, the server and tests start it.',
      from: { path: '^src/(lib|db|web|features)/', pathNot: tests },
      to: { path: '^src/seed/' },
    },
    {
      name: 'feature-plugin-only-from-app',
      severity: 'error',
      comment: "A feature's index.ts is its Fastify plugin: app.ts registers it; nothing else imports it.",
      from: { path: '^src/', pathNot: ['^src/app\\.ts$', ...tests] },
      to: { path: `${feature}[^/]+/index\\.ts$` },
    },
    {
      name: 'feature-internals',
      severity: 'error',
      comment:
        "A feature may use another's public surface only: *.queries.ts, *.service.ts, *.schema.ts, *.views.tsx " +
        'and the pure modules listed in .dependency-cruiser.cjs. Move what two features share there, or to web/ or lib/.',
      from: { path: `${feature}([^/]+)/`, pathNot: tests },
      to: { path: feature, pathNot: [`${feature}$1/`, ...publicSurface] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
