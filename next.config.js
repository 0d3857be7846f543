/** @type {import('next').NextConfig} */
const nextConfig = {
  // The native SQLite driver must be required at run time, not bundled.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
};

module.exports = nextConfig;
