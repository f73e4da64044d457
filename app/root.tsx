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
import { useNonce } from './utils/nonce'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Информация о текущей успеваемости' }]

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
              {data?.school?.shortName ?? 'Школа'}
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
    </Shell>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const title = isRouteErrorResponse(error)
    ? error.status === 404
      ? 'Страница не найдена'
      : error.status === 403
        ? 'Доступ запрещён'
        : `Ошибка ${error.status}`
    : 'Произошла ошибка'
  const text =
    isRouteErrorResponse(error) && typeof error.data === 'string'
      ? error.data
      : 'Попробуйте обновить страницу. Если ошибка повторяется, сообщите администратору.'
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
