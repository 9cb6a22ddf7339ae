'use strict';
// Stands in for http2-wrapper inside build/ (scripts/build.mjs, plugin lazy-http2-wrapper): the
// real module is required on the first property got reads, which it does only for `http2: true`.
let real;
module.exports = new Proxy(
  {},
  {
    get(_, key) {
      real ??= require('http2-wrapper');
      return real[key];
    },
  },
);
