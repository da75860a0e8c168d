// Entry point for the runner: dist/index.js is this file bundled.
import { run } from './main.js'

await run()
