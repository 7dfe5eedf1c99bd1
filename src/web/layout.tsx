import type { FastifyReply } from 'fastify'
import type { ComponentChildren, JSX } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { LOCALES, languageInfo } from '../lib/i18n.js'
import { href, type PageContext } from './page-context.js'

interface LayoutProps {
  ctx: PageContext
  title: string
  description?: string
  /** Which main navigation entry is the current page. */
  section?: 'map' | 'countries' | 'updates' | 'watchlist' | 'methodology' | 'findings' | 'api'
  children: ComponentChildren
}

export function Layout({ ctx, title, description, section, children }: LayoutProps) {
  const { t, locale } = ctx
  const { dir } = languageInfo(locale)
  const pathOnly = ctx.path.split('?')[0] ?? '/'
  return (
    <html lang={locale} dir={dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('site.name')}`}</title>
        <meta name="description" content={description ?? t('site.tagline')} />
        <link rel="stylesheet" href={ctx.assets.url('app.css')} />
        <link rel="icon" href={ctx.assets.url('favicon.svg')} type="image/svg+xml" />
        {LOCALES.map((other) => (
          <link rel="alternate" hreflang={other} href={ctx.publicUrl + href({ locale: other }, pathOnly)} />
        ))}
        <link rel="alternate" hreflang="x-default" href={ctx.publicUrl + pathOnly} />
        <meta property="og:title" content={title} />
        <meta property="og:site_name" content={t('site.name')} />
        <meta property="og:description" content={description ?? t('site.tagline')} />
        <meta property="og:locale" content={locale} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skipToContent')}
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href={href(ctx, '/')}>
              {t('site.name')}
            </a>
            <nav class="site-nav" aria-label={t('nav.label')}>
              <ul>
                <li>
                  <a href={href(ctx, '/')} aria-current={section === 'map' ? 'page' : undefined}>
                    {t('nav.map')}
                  </a>
                </li>
                <li>
                  <a href={href(ctx, '/countries')} aria-current={section === 'countries' ? 'page' : undefined}>
                    {t('nav.countries')}
                  </a>
                </li>
                <li>
                  <a href={href(ctx, '/updates')} aria-current={section === 'updates' ? 'page' : undefined}>
                    {t('nav.updates')}
                  </a>
                </li>
                <li>
                  <a href={href(ctx, '/watchlist')} aria-current={section === 'watchlist' ? 'page' : undefined}>
                    {t('watchlist.nav')}
                  </a>
                </li>
                <li>
                  <a href={href(ctx, '/methodology')} aria-current={section === 'methodology' ? 'page' : undefined}>
                    {t('methodology.nav')}
                  </a>
                </li>
                <li>
                  <a href={href(ctx, '/findings')} aria-current={section === 'findings' ? 'page' : undefined}>
                    {t('nav.findings')}
                  </a>
                </li>
                <li>
                  <a href={href(ctx, '/api')} aria-current={section === 'api' ? 'page' : undefined}>
                    {t('nav.api')}
                  </a>
                </li>
              </ul>
            </nav>
            <nav class="lang-switch" aria-label={t('nav.language')}>
              <ul>
                {LOCALES.map((other) => (
                  <li>
                    <a
                      href={href({ locale: other }, ctx.path)}
                      hreflang={other}
                      lang={other}
                      aria-current={other === locale ? 'true' : undefined}
                    >
                      {languageInfo(other).nativeName}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('footer.data')}</p>
            <p>{t('footer.privacy')}</p>
            <p>
              <a href={href(ctx, '/sign-in')}>{t('footer.staff')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  )
}

export function renderDocument(page: JSX.Element): string {
  return `<!doctype html>${renderToString(page)}`
}

/** A page for one person (forms, account, admin): rendered per request, never stored by any cache. */
export function sendPrivatePage(reply: FastifyReply, status: number, page: JSX.Element): FastifyReply {
  return reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderDocument(page))
}
