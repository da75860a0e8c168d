// Entry point for the runner: dist/index.js is this file bundled. A cancelled run exits as soon
// as it has reported: calls it abandoned may still hold sockets open.
import { run } from './main.js'

if ((await run()) === 'cancelled') process.exit()
