/** A file's size beyond any fleet: refused before it is parsed. */
export const MAX_STREAMS_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_ENTRIES = 10_000;
