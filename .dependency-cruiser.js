/**
 * The dependency rules of src/ (README: Architecture). `npm run check:architecture` runs them in CI.
 * Layers, each importing only from the ones after it:
 *   app, cli  ->  features/*  ->  core  ->  database, config  ->  shared  ->  tuning, engine
 * (tuning imports only the engine; the engine imports nothing of ours).
 */
const FEATURE_USES = {
  // Which other features a feature may use, through their index.ts: a graph without cycles.
  access: [],
  jobs: ['access'],
  review: ['access', 'banks'],
  policies: ['access', 'review'],
  moderation: ['access', 'jobs'],
  metrics: ['access'],
  banks: ['access'],
  search: ['access'],
};
const FEATURES = Object.keys(FEATURE_USES);

const layer = (name, comment, may) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...may.map((folder) => `^src/${folder}/`)] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, between files or (through them) between folders.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('engine', 'The engine is framework-free and imports nothing from the app.', []),
    layer('tuning', 'The tuning core is a pure library on top of the engine: no database, no Nest.', ['engine']),
    layer('shared', 'Shared code (error codes, the HTTP error contract, database helpers) uses no feature.', ['engine']),
    layer('database', 'The data source, entities and migrations use only shared helpers.', ['shared', 'engine']),
    layer('config', 'The environment schema knows engine option types, nothing of the app.', ['shared', 'engine']),
    layer('core', 'The core owns the engine, the decision log and ModerationService, and defines what features plug into.', ['database', 'config', 'shared', 'tuning', 'engine']),
    {
      name: 'features-below-app',
      comment: 'Features never import the composition roots or the CLI.',
      severity: 'error',
      from: { path: '^src/features/' },
      to: { path: '^src/(app|cli)/' },
    },
    {
      name: 'feature-through-index',
      comment: 'A feature uses another only through its index.ts (never its http/ or internals).',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/[^/]+/', pathNot: ['^src/features/$1/', '^src/features/[^/]+/index\\.ts$'] },
    },
    ...FEATURES.map((feature) => ({
      name: `feature-graph-${feature}`,
      comment: `features/${feature} may use only: ${FEATURE_USES[feature].join(', ') || 'no other feature'}.`,
      severity: 'error',
      from: { path: `^src/features/${feature}/` },
      to: { path: `^src/features/(${FEATURES.filter((other) => other !== feature && !FEATURE_USES[feature].includes(other)).join('|')})/` },
    })),
    {
      name: 'typeorm-in-repositories',
      comment: 'Every TypeORM call lives in a repository class (*.repository.ts), the database layer or the shared database helpers.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.repository\\.ts$', '^src/database/', '^src/shared/database/'] },
      to: { path: 'node_modules/typeorm/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-app-composes-modules',
      comment: 'Nest modules are composed in src/app only; elsewhere a module may use modules of its own folder.',
      severity: 'error',
      from: { path: '^src/(features/[^/]+|core|database|shared|config|tuning|engine|cli)/' },
      to: { path: '\\.module\\.ts$', pathNot: '^src/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.d\\.ts$' },
  },
};
