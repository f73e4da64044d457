// The per-response CSP nonce (docs/decisions/021): made in entry.server.tsx, read by root.tsx for the scripts
// Remix writes inline (<Scripts>, <ScrollRestoration>). In the browser the context is empty: browsers hide a
// nonce attribute once the page is parsed, and the scripts hydrated then are already running.
import { createContext, useContext } from 'react'

const NonceContext = createContext<string | undefined>(undefined)

export const NonceProvider = NonceContext.Provider

export function useNonce(): string | undefined {
  return useContext(NonceContext)
}
