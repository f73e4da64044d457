// Keyboard focus after a form sent in the page comes back refused. Most forms disable their button while sending,
// which drops the focus to <body>: a keyboard or screen-reader user is left at the top of the page, not told what
// went wrong. When that happened, the focus goes to the first field marked invalid, else to the message the answer
// brought (a new role="alert"). A form that moves the focus itself (an error summary) is left alone.
import { useEffect, useRef } from 'react'
import { useLocation, useNavigation } from '@remix-run/react'

const FOCUSABLE = 'input, select, textarea, button, a[href], [tabindex]'

export function FocusAfterFormError() {
  const navigation = useNavigation()
  const location = useLocation()
  const sent = useRef<{ path: string; alerts: Set<Element> } | null>(null)
  // The path only: an index route's form answers at «?index», the same page.
  const here = location.pathname
  useEffect(() => {
    if (navigation.state === 'submitting') {
      sent.current ??= { path: here, alerts: new Set(document.querySelectorAll('main [role="alert"]')) }
      return
    }
    if (navigation.state !== 'idle' || !sent.current) return
    const { path, alerts } = sent.current
    sent.current = null
    // Another page (a redirect after success) or a focus someone already placed: nothing to do.
    if (path !== here || (document.activeElement && document.activeElement !== document.body)) return
    const target =
      document.querySelector('main [aria-invalid="true"]') ??
      [...document.querySelectorAll('main [role="alert"]')].find((alert) => !alerts.has(alert))
    if (!(target instanceof HTMLElement)) return
    if (!target.matches(FOCUSABLE)) target.tabIndex = -1
    target.focus()
  }, [navigation.state, here])
  return null
}
