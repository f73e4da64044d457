// Any address no other route takes. Thrown from a loader (not left to the router's own 404) so that the root
// loader runs too: the error page then has the school's name in its header and the signed-in user's menu.
import { invariantResponse } from '#app/utils/request.server'

export async function loader() {
  invariantResponse(false, 'Такой страницы нет. Проверьте адрес или начните с главной.')
}

// A component, so that the thrown 404 renders the app's error page (root ErrorBoundary), not a bare text.
export default function NotFound() {
  return null
}
