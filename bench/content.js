// @ts-check
// Seeded file contents that compress like the real thing: source-like text (identifiers with a
// skewed frequency, indentation, comments) and binary-like bytes (skewed literals with repeats,
// as in machine code and its tables). Only the look matters, not the meaning.

/**
 * mulberry32: a small, fast 32-bit generator; plenty for test data.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SYLLABLES = [
  'get',
  'set',
  'val',
  'opt',
  'req',
  'res',
  'buf',
  'str',
  'map',
  'node',
  'key',
  'item',
  'list',
  'len',
  'err',
  'cb',
  'data',
  'path',
  'name',
  'type',
  'conf',
  'ctx',
  'arg',
  'idx',
  'src',
  'dst',
  'to',
  'from',
  'parse',
  'emit'
]

/** 3,000 identifiers, the same for every seed: real code shares its vocabulary across files. */
const WORDS = (() => {
  const next = rng(7)
  const words = []
  for (let i = 0; i < 3000; i++) {
    const parts = 1 + Math.floor(next() * 3)
    let word = ''
    for (let p = 0; p < parts; p++) {
      const s = SYLLABLES[Math.floor(next() * SYLLABLES.length)]
      word += p === 0 ? s : s[0].toUpperCase() + s.slice(1)
    }
    words.push(i % 7 === 0 ? `${word}${i}` : word)
  }
  return words
})()

/** @param {() => number} next a frequent word more often than a rare one (Zipf-like) */
const word = (next) => WORDS[Math.floor(WORDS.length * next() ** 3)]

/** @type {((next: () => number) => string)[]} */
const LINES = [
  (n) => `const ${word(n)} = ${word(n)}.${word(n)}(${word(n)}, ${Math.floor(n() * 1000)});`,
  (n) => `if (${word(n)} === '${word(n)}') {`,
  (n) => `return ${word(n)}(${word(n)}, ${word(n)});`,
  (n) => `${word(n)}.${word(n)} = function (${word(n)}, ${word(n)}) {`,
  (n) => `// ${word(n)} ${word(n)} the ${word(n)} when ${word(n)} is ${word(n)}`,
  (n) => `export { ${word(n)}, ${word(n)} } from './${word(n)}.js';`,
  () => '}',
  (n) => `throw new TypeError('${word(n)} must be a ${word(n)}, got ' + typeof ${word(n)});`
]

/**
 * @param {() => number} next
 * @param {number} size bytes wanted
 */
export function sourceLike(next, size) {
  let text = ''
  let depth = 0
  while (text.length < size) {
    const line = LINES[Math.floor(next() * LINES.length)](next)
    if (line === '}') depth = Math.max(0, depth - 1)
    text += `${'  '.repeat(depth)}${line}\n`
    if (line.endsWith('{')) depth = Math.min(6, depth + 1)
  }
  return Buffer.from(text.slice(0, size))
}

/**
 * Literals from a skewed distribution (small values, as opcodes and zeros are frequent), mixed
 * with copies of recent bytes: deflate gets about 40% of the size, as with shared libraries.
 * @param {() => number} next
 * @param {number} size
 */
export function binaryLike(next, size) {
  const out = Buffer.allocUnsafe(size)
  let pos = 0
  while (pos < size) {
    if (pos > 64 && next() < 0.12) {
      const distance = 1 + Math.floor(next() ** 3 * Math.min(pos, 32000))
      const length = Math.min(size - pos, 4 + Math.floor(next() ** 2 * 40))
      for (let i = 0; i < length; i++, pos++) out[pos] = out[pos - distance]
    } else {
      out[pos++] = Math.floor(256 * next() ** 2.5)
    }
  }
  return out
}
