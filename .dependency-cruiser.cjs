/**
 * The process boundaries of docs/design.md section 3, machine-checked (the idea of Signal Desktop's
 * file suffixes): shared/ runs everywhere so it imports no Node, DOM-only or Electron code;
 * the renderer is a sandboxed page, so it imports no Node or Electron and no host code; and no
 * module imports itself through others.
 */
// Matched anywhere in the resolved path, so a hoisted or linked node_modules is caught too.
const nodeOnlyPackages = '(^|/)node_modules/(electron|better-sqlite3|serialport|@serialport|ws|pino|umzug|canonicalize|pg)(/|$)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle has no bottom: neither module can be read, tested or loaded without the other, and ES module cycles see each other half-initialised.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-imports-no-node-builtins',
      comment: 'shared/ runs in the host and in the renderer: no node: modules.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-imports-only-pure-packages',
      comment: 'shared/ may use zod, xstate and luxon, nothing that needs Node, the DOM or Electron.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '(^|/)node_modules/(zod|xstate|luxon)/' },
    },
    {
      name: 'shared-imports-no-process-code',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(main|renderer)/' },
    },
    {
      name: 'renderer-imports-no-node',
      comment: 'The renderer is a sandboxed page: no node: modules.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-imports-no-electron-or-host-packages',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: nodeOnlyPackages },
    },
    {
      name: 'renderer-imports-no-host-code',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^main/' },
    },
    {
      name: 'renderer-imports-no-clinical-rules',
      comment: 'Clinical rules live in the host: the renderer imports the message contract, the clinic\'s clock, the retry schedule and the register\'s units and headings, never the rules.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^shared/', pathNot: '^shared/(contract|clinic-time|retry|register)/' },
      // The contract itself imports vocabulary (enums) from shared/visit and shared/site-rules.
    },
    {
      name: 'host-imports-no-renderer',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: '^renderer/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.cts', '.js', '.cjs', '.mjs'] },
  },
};
