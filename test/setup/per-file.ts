import { resetFactoryCounter } from '../helpers/factories.js'

// Runs before each test file. The unit project keeps modules from one file to the next
// (isolate: false), so the factories' counter would run on; tests were written, and may rely,
// on each file's fictional codes starting from the same point.
resetFactoryCounter()
