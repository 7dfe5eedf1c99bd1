// The feature graph, checked in `npm run depcheck` beside the module rules of .dependency-cruiser.cjs
// (docs/decisions/013-layering-checked.md says why).
//
// .dependency-cruiser.cjs sees files: it fails when a file imports itself back. This sees folders: when
// a file of features/a imports features/b and some file of b (or of a feature b reaches) imports a,
// the two features form a cycle even though no file does, and neither can be read, tested or moved
// without the other. Tests are left out: nothing imports them, and they reach across features on
// purpose (factories, helpers, the app), which is not the product's structure. It takes the module
// rules' options (TypeScript resolution) and only excludes more.
const { options } = require('./.dependency-cruiser.cjs')

const featureFolder = '^src/features/[^/]+$'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-feature-cycle',
      severity: 'error',
      scope: 'folder',
      comment:
        'No cycle between feature folders: when a file of one feature imports another feature, no file of that one ' +
        '(or of a feature it reaches) imports the first back. A page that composes several features is a feature of its own ' +
        '(features/country-page); a feature that needs something of one that builds on it gets it as a plugin ' +
        'option from app.ts (the publisher, the announcements, the watchlist editions).',
      from: { path: featureFolder },
      to: { path: featureFolder, circular: true },
    },
  ],
  options: {
    ...options,
    exclude: { path: ['^node_modules', '^test/', '\\.test\\.tsx?$'] },
  },
}
