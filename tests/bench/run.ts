// `npm run bench`: every benchmark, one after the other, each printing its own figures.
import './reanchoring';
import './highlights';
import './imports';
