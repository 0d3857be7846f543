// Stands in for `server-only` under Vitest: that package throws outside the React server build.
export {};
