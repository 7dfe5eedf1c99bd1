// The layering of src/, checked in `npm test` (npm run depcheck); docs/decisions/013-layering-checked.md says why.
//
//   cli.ts, server.ts -> seed/ -> app.ts -> features/ -> web/ -> lib/ -> db/
//
// The rules below check these arrows, except db/ -> lib/, which is not checked: the table types
// take the locale names from lib/i18n.ts.
// A feature may also use another feature's public surface: the files whose role says they are
// meant to be shared, and the few modules listed below. Routes, pages, API handlers, forms and
// other helpers are the feature's own.
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

/** Modules without a public role that other features may import, each for its reason. */
const PUBLIC_MODULES = [
  // Pure domain modules (no I/O, no HTTP) that other features build on:
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

/**
 * A forbidden import, an error: no file matching `from` may import a file matching `to`. Test
 * files are never `from`: nothing imports them, and they reach across layers on purpose.
 * @param {string} name
 * @param {string} comment
 * @param {{ path: string, pathNot?: string[] }} from
 * @param {import('dependency-cruiser').IRegularForbiddenRuleType['to']} to
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function forbid(name, comment, from, to) {
  return { name, severity: 'error', comment, from: { path: from.path, pathNot: [...(from.pathNot ?? []), ...tests] }, to }
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No module imports itself back, through any others, type-only imports included: such modules cannot be understood, tested or moved one at a time.',
      from: {},
      to: { circular: true },
    },
    forbid(
      'lib-not-to-features',
      'lib/ imports no feature: it is shared and small. Pass what it needs in (see lib/auth.ts Identity).',
      { path: '^src/lib/' },
      { path: feature },
    ),
    forbid(
      'lib-not-to-web',
      'lib/ imports nothing of web/: web/ builds on lib/, never the other way round.',
      { path: '^src/lib/' },
      { path: '^src/web/' },
    ),
    forbid(
      'db-not-up',
      'db/ (connection, migrations, table types) imports no feature, nothing of web/ and not the seed.',
      { path: '^src/db/' },
      { path: [feature, '^src/web/', '^src/seed/'] },
    ),
    forbid(
      'web-not-to-features',
      'web/ (the layout and shared components) imports no feature: features use it, not the other way round.',
      { path: '^src/web/' },
      { path: feature },
    ),
    forbid(
      'seed-only-from-the-top',
      'Only cli.ts, server.ts and the seed itself import seed/: the seed uses features to fill a database, and only the command line and the server start it.',
      { path: '^src/', pathNot: ['^src/(cli|server)\\.ts$', '^src/seed/'] },
      { path: '^src/seed/' },
    ),
    forbid(
      'feature-plugin-only-from-app',
      "Only app.ts imports a feature's index.ts: it is the feature's Fastify plugin, and app.ts registers it.",
      { path: '^src/', pathNot: ['^src/app\\.ts$'] },
      { path: `${feature}[^/]+/index\\.ts$` },
    ),
    forbid(
      'feature-internals',
      `A feature imports of another feature only its public surface: ${PUBLIC_ROLES.map((role) => `*.${role}.ts(x)`).join(', ')} ` +
        'and the modules in PUBLIC_MODULES of .dependency-cruiser.cjs. Move what two features share there, or to web/ or lib/.',
      { path: `${feature}([^/]+)/` },
      { path: feature, pathNot: [`${feature}$1/`, ...publicSurface] },
    ),
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
