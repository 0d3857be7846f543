// `npm run bench`: every benchmark, one after the other, each printing its own figures.
// Run with --conditions=react-server, so that server modules (`server-only`) load.
import './reanchoring';
import './highlights';
import './imports';
import './writes';
