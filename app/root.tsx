import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import {
  Form,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import styles from './styles/app.css'
import { pageFrame } from './models/school.server'
import { withSchool } from './utils/school-query'
import { navFor } from './utils/nav'
import { AUTHORITY_ROLE } from './utils/permissions'
import { useNonce } from './utils/nonce'
import { FocusAfterFormError } from './components/focus-after-error'
import { DATABASE_AWAY_TITLE } from './utils/database-away'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

const APP_TITLE = 'Информация о текущей успеваемости'

/** The error page's heading, also its tab's title (a tab left open says «Страница не найдена», not the app's name). */
function errorTitle(error: unknown): string {
  if (!isRouteErrorResponse(error)) return 'Произошла ошибка'
  if (error.status === 404) return 'Страница не найдена'
  if (error.status === 403) return 'Доступ запрещён'
  if (error.status === 503) return DATABASE_AWAY_TITLE
  return `Ошибка ${error.status}`
}

export const meta: MetaFunction = ({ error }) => [{ title: error ? `${errorTitle(error)} — ${APP_TITLE}` : APP_TITLE }]

export async function loader({ request }: LoaderFunctionArgs) {
  return json(await pageFrame(request))
}

function Shell({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const user = data?.user
  const nav = navFor(user?.roles ?? null)
  // The inline scripts Remix writes carry this response's CSP nonce (app/utils/security-headers.ts).
  const nonce = useNonce()
  return (
    <html lang="ru">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Перейти к содержанию
        </a>
        <header className="site-header">
          <div className="inner">
            <a className="brand" href={withSchool('/', data?.query ?? '')}>
              {data?.school?.shortName ?? (user?.roles.includes(AUTHORITY_ROLE) ? 'Орган управления образованием' : 'Школа')}
              <small>Информация о текущей успеваемости</small>
            </a>
            <nav aria-label="Основное меню">
              <ul>
                {nav.map((item) => (
                  <li key={item.to}>
                    <NavLink to={user ? item.to : withSchool(item.to, data?.query ?? '')} end={item.end}>
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="user-box">
              {user ? (
                <>
                  <span>{user.displayName}</span>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link">
                      Выйти
                    </button>
                  </Form>
                </>
              ) : (
                <a href="/login">Войти</a>
              )}
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          {data?.school?.fullName}
          {data?.school?.phone ? ` · тел. ${data.school.phone}` : ''}
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  useLoaderData<typeof loader>()
  return (
    <Shell>
      <Outlet />
      <FocusAfterFormError />
    </Shell>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const title = errorTitle(error)
  // A message that only repeats the heading says nothing: the page says what to do instead.
  const said = isRouteErrorResponse(error) && typeof error.data === 'string' && error.data !== title ? error.data : null
  const text =
    said ??
    (isRouteErrorResponse(error) && error.status === 404
      ? 'Такой страницы нет. Проверьте адрес или начните с главной.'
      : 'Попробуйте обновить страницу. Если ошибка повторяется, сообщите администратору.')
  return (
    <Shell>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href="/">На главную</a>
      </p>
    </Shell>
  )
}
