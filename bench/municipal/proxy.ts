// The authority's proxy in miniature, as in tests/e2e/two-instances.spec.ts (ADR 055): each request to the next
// instance in turn, with X-Forwarded-For/-Proto as a reverse proxy sets them (the instances run with TRUST_PROXY).
import http from 'node:http'

export function startProxy(port: number, backends: number[]): Promise<{ server: http.Server; served: number[] }> {
  let next = 0
  const served = backends.map(() => 0)
  const server = http.createServer((req, res) => {
    const i = next++ % backends.length
    const headers = { ...req.headers, 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'http' }
    const upstream = http.request({ host: '127.0.0.1', port: backends[i], method: req.method, path: req.url, headers }, (r) => {
      served[i]++
      res.writeHead(r.statusCode ?? 502, r.headers)
      r.pipe(res)
    })
    upstream.on('error', (e) => {
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`Экземпляр ${i + 1} недоступен: ${e.message}`)
    })
    req.pipe(upstream)
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, served })))
}
