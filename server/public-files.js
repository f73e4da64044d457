// The files of public/ outside /build (the favicons), served by the production server (server.js, ADR 117).
const express = require('express')

/** A path with an extension in its last segment: the only kind public/ holds (a file without one would not be served); a
 * page's path never has one. */
const FILE_PATH = /\.[^/]+$/

/**
 * express.static for the paths that can name a file: every other request goes on at once. Before, each page's path
 * was first looked for on the disk — a failed stat and the 404 error object serve-static makes of it, ≈ 2 % of a
 * page's CPU, on every request.
 */
function publicFiles(root, options) {
  const serve = express.static(root, options)
  return (req, res, next) => (FILE_PATH.test(req.path) ? serve(req, res, next) : next())
}

module.exports = { publicFiles }
