// The authority's reverse proxy in miniature (ADR 055), shared by tests/e2e/two-instances.spec.ts and the municipal
// benchmark (bench/municipal/run.ts): each request goes to the next instance in turn, with X-Forwarded-For/-Proto set
// as a reverse proxy sets them (the instances run with TRUST_PROXY). Node's http only: nothing of the product.
import http from 'node:http'

/** The address the proxy reports for every client: one on the Internet, so the instances' use of TRUST_PROXY shows. */
export const PROXY_CLIENT_IP = '203.0.113.7'

/** One answered request: which instance (index into `backends`) answered it, the request and the instance's answer. */
export type ProxiedRequest = { backend: number; request: http.IncomingMessage; response: http.IncomingMessage }

export type RoundRobinProxy = {
  server: http.Server
  /** Requests each instance answered, by index into `backends`. */
  served: number[]
  /** Stops listening and drops the connections still open (keep-alive ones included). */
  close: () => Promise<void>
}

export function startRoundRobinProxy(options: {
  port: number
  /** The instances' ports on 127.0.0.1. */
  backends: number[]
  /** Called once an instance has answered, before its answer is passed on. */
  onServed?: (served: ProxiedRequest) => void
}): Promise<RoundRobinProxy> {
  const { port, backends, onServed } = options
  let next = 0
  const served = backends.map(() => 0)
  const server = http.createServer((req, res) => {
    const backend = next++ % backends.length
    const headers = { ...req.headers, 'x-forwarded-for': PROXY_CLIENT_IP, 'x-forwarded-proto': 'http' }
    const upstream = http.request({ host: '127.0.0.1', port: backends[backend], method: req.method, path: req.url, headers }, (r) => {
      served[backend]++
      onServed?.({ backend, request: req, response: r })
      res.writeHead(r.statusCode ?? 502, r.headers)
      r.pipe(res)
    })
    upstream.on('error', (e) => {
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`Экземпляр ${backend + 1} недоступен: ${e.message}`)
    })
    req.pipe(upstream)
  })
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, served, close })))
}
