// A lingering close of a connection whose answer says `Connection: close` while the client may still be sending
// (a refused body's 413, the stop's 503: server/http-hardening.js, server-lifecycle.js).
//
// Node closes such a response's socket with destroySoon(): destroyed as soon as the answer is written, and a destroyed
// socket with the client's bytes still arriving answers them with a TCP reset — which can reach the client before it
// has read the answer (EPIPE or ECONNRESET on its side; a browser on Windows then shows «соединение сброшено», not
// the page). Instead: half-close (the answer and FIN go out), keep reading and dropping what still arrives, and destroy
// when the client closes or after `ms`.

/** @param {import('node:net').Socket | null | undefined} socket @param {number} ms */
function lingerOnClose(socket, ms) {
  if (!socket || socket.lingering) return
  socket.lingering = true
  socket.destroySoon = function lingeringClose() {
    this.end()
    this.resume()
    setTimeout(() => this.destroy(), ms).unref()
  }
}

module.exports = { lingerOnClose }
