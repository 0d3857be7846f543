/** @type {import('next').NextConfig} */
const nextConfig = {
  // The native SQLite driver must be required at run time, not bundled; so must
  // piscina, which starts its worker threads from its own files.
  serverExternalPackages: ['better-sqlite3', 'piscina', 'mammoth', 'jszip', 'pdfjs-dist'],
  poweredByHeader: false,
};

module.exports = nextConfig;
