/**
 * The faces' second door into the core: what a face says before it knows the command (its version,
 * the lists its usage names), from modules that import nothing, so that `--version` and `--help`
 * load no more than this (core/index.ts, the first door, loads every layer).
 */
export { VERSION } from './zoom/version.js';
export { DESTINATION_KINDS } from './confirm/ladder.js';
