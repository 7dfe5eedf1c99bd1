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
  section?: 'map' | 'countries' | 'updates' | 'watchlist' | 'methodology' | 'findings' | 'press' | 'api'
  /**
   * The page's language versions when they differ from "this path in every UI language" (a
   * publication's versions each have their own slug): absolute URLs, x-default included.
   */
  alternates?: { hreflang: string; href: string }[]
  /** Open Graph and Twitter card details of an article page (absolute URL, ISO time). */
  article?: { url: string; locale: string; publishedTime?: string }
  /** Pages search engines must not index (the press room). */
  noindex?: boolean
  children: ComponentChildren
}

export function Layout({ ctx, title, description, section, alternates, article, noindex, children }: LayoutProps) {
  const { t, locale } = ctx
  const { dir } = languageInfo(locale)
  const pathOnly = ctx.path.split('?')[0] ?? '/'
  const summary = description ?? t('site.tagline')
  const languages = alternates ?? [
    ...LOCALES.map((other) => ({ hreflang: other, href: ctx.publicUrl + href({ locale: other }, pathOnly) })),
    { hreflang: 'x-default', href: ctx.publicUrl + pathOnly },
  ]
  // A page with language versions of its own (a publication) switches to the version in that language.
  const versionIn = (other: string) => alternates?.find((a) => a.hreflang === other)?.href.slice(ctx.publicUrl.length)
  return (
    <html lang={locale} dir={dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('site.name')}`}</title>
        <meta name="description" content={summary} />
        {noindex && <meta name="robots" content="noindex" />}
        <link rel="stylesheet" href={ctx.assets.url('app.css')} />
        <link rel="icon" href={ctx.assets.url('favicon.svg')} type="image/svg+xml" />
        {!noindex && languages.map((a) => <link rel="alternate" hreflang={a.hreflang} href={a.href} />)}
        <meta property="og:title" content={title} />
        <meta property="og:site_name" content={t('site.name')} />
        <meta property="og:description" content={summary} />
        <meta property="og:locale" content={article?.locale ?? locale} />
        {article && (
          <>
            <meta property="og:type" content="article" />
            <meta property="og:url" content={article.url} />
            {article.publishedTime && <meta property="article:published_time" content={article.publishedTime} />}
            <meta name="twitter:card" content="summary" />
            <meta name="twitter:title" content={title} />
            <meta name="twitter:description" content={summary} />
          </>
        )}
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
                  <a href={href(ctx, '/press')} aria-current={section === 'press' ? 'page' : undefined}>
                    {t('press.nav')}
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
                      href={versionIn(other) ?? href({ locale: other }, ctx.path)}
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
