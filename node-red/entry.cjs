// CommonJS entry for ncc: the bundle's module.exports is the init function itself, which both
// Node-RED's loader (require or import) and node-red-node-test-helper expect.
module.exports = require('./index.ts').default;
