/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// The Web Streams renderer of React 18 (app/entry.server.tsx): the same API as react-dom/server's.
declare module 'react-dom/server.browser' {
  export { renderToReadableStream } from 'react-dom/server'
}
