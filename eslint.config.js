import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Node's globals, for the JavaScript files outside the TypeScript project. */
const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  AbortController: 'readonly'
}

/** The no-unsafe-* family: flags every use of a value typed `any`. */
const unsafeAnyRules = {
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-return': 'off'
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', 'bench/.trees/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: nodeGlobals
    },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] }
  },
  {
    // The action: small files and functions (the cycle and stage-order rules are dependency-cruiser's,
    // in .dependency-cruiser.js, because they must see type-only imports too).
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 60 }]
    }
  },
  {
    // Tests stub async SDK methods with async functions that await nothing, and read JSON answers
    // (policies, emulator state, outputs) whose shape the assertions themselves check; the other
    // type-aware rules (floating or misused promises, awaiting non-promises...) still apply.
    files: ['__tests__/**/*.ts'],
    rules: { ...unsafeAnyRules, '@typescript-eslint/require-await': 'off' }
  },
  {
    // The emulator, scripts and bench are plain JavaScript under // @ts-check that parse request
    // bodies, JWT claims, YAML and JSON of any shape and check them field by field (the emulator
    // echoes bad values back as AWS does, stringified whatever they are); requiring casts on every
    // parsed field would add noise, not safety. The other type-aware rules still apply.
    files: ['emulator/**/*.js', 'scripts/**/*.js', 'bench/**/*.js'],
    rules: { ...unsafeAnyRules, '@typescript-eslint/no-base-to-string': 'off' }
  },
  {
    // Tool configuration files outside the TypeScript project.
    files: ['*.js', '.dependency-cruiser.js'],
    ...tseslint.configs.disableTypeChecked
  }
)
