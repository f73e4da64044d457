// `npm run lint` (and `npm test`): ESLint's recommended rules, typescript-eslint's (without type information, so the
// whole tree lints in seconds), the rules of React hooks, and no line over 140 characters (issue 20.7, ADR 063).
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** Node's globals for the few plain JavaScript files (server.js, scripts/*.cjs, remix.config.js). */
const node = Object.fromEntries(
  [
    'require',
    'module',
    'exports',
    'process',
    'console',
    '__dirname',
    '__filename',
    'Buffer',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'URL',
    'fetch',
    'AbortController',
    'Headers',
    'Request',
    'Response',
    'ReadableStream',
  ].map((name) => [name, 'readonly']),
)

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'build/',
      'public/build/',
      'app/generated/',
      'bench/out/',
      'data/',
      'tests/.tmp/',
      'test-results/',
      'playwright-report/',
      '.cache/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  { files: ['**/*.{js,cjs,mjs}'], languageOptions: { globals: node } },
  { files: ['**/*.{js,cjs}'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      // No line over 140, strings, templates, regular expressions and comments included (ADR 073): Prettier keeps code
      // within 140 (ADR 066); a long string is written as '…' + '…' with the same value, a long comment wrapped.
      'max-len': ['error', { code: 140 }],
      // Control characters are matched on purpose: text from forms, imports and mail is cleaned of them (ADR 027).
      'no-control-regex': 'off',
      // `_name` marks a value left unused on purpose (a destructured field dropped, a handler's unused argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
)
