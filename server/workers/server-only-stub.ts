// Stands in for `server-only` in the import worker bundle: a worker thread is
// server code, but not a React server build, where the real package throws.
export {};
