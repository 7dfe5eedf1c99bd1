import { LOCALES, languageInfo } from '../../lib/i18n.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../../lib/errors.js'
import { PUBLICATION_KINDS } from '../../lib/vocabularies.js'
import type { PreferencesForm, SubscribeForm } from './subscription-form.js'
import { Choices, CsrfField, EmailInput, ErrorSummary, Select } from '../../web/forms.js'

/** The subscribe form, its "check your e-mail" answer, and a subscription's own page (reached by its link). */
export interface CountryOption {
  code: string
  name: string
}

/** Countries, kinds and language: the same fields to subscribe and to change a subscription. */
export function PreferenceFields(props: { ctx: PageContext; form: PreferencesForm; problems: FormProblem[]; countries: CountryOption[] }) {
  const { ctx, form, problems } = props
  const { t } = ctx
  return (
    <>
      <Select
        ctx={ctx}
        id="countries"
        label={t('subscription.countries')}
        hint={t('subscription.countriesHint')}
        problems={problems}
        multiple
        size={8}
        options={props.countries.map((c) => ({ value: c.code, label: c.name }))}
        value={form.countries}
      />
      <Choices
        ctx={ctx}
        id="kinds"
        legend={t('subscription.kinds')}
        hint={t('subscription.kindsHint')}
        problems={problems}
        options={PUBLICATION_KINDS.map((kind) => ({ value: kind, label: t(`subscription.kind.${kind}`) }))}
        chosen={form.kinds}
      />
      <Select
        ctx={ctx}
        id="language"
        label={t('subscription.language')}
        hint={t('subscription.languageHint')}
        problems={problems}
        options={LOCALES.map((locale) => ({ value: locale, label: languageInfo(locale).nativeName, lang: locale }))}
        value={form.language}
      />
    </>
  )
}

export function SubscribePage(props: {
  ctx: PageContext
  csrf: string
  form: SubscribeForm
  problems: FormProblem[]
  countries: CountryOption[]
}) {
  const { ctx, form, problems } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('subscription.title')} section="press">
      <h1>{t('subscription.title')}</h1>
      <p class="lead">{t('subscription.lead')}</p>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={href(ctx, '/press/subscribe')}>
        <CsrfField token={props.csrf} />
        <EmailInput ctx={ctx} label={t('subscription.email')} problems={problems} autocomplete="email" value={form.email} />
        <PreferenceFields ctx={ctx} form={form} problems={problems} countries={props.countries} />
        <p class="hint">{t('subscription.privacy')}</p>
        <button type="submit">{t('subscription.submit')}</button>
      </form>
    </Layout>
  )
}

/** The same answer for every address: new, already subscribed, or over the mailing limit. */
export function CheckMailPage({ ctx, email }: { ctx: PageContext; email: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('subscription.sentTitle')} section="press">
      <h1>{t('subscription.sentTitle')}</h1>
      <p class="notice" role="status">
        {t('subscription.sent', { email })}
      </p>
    </Layout>
  )
}

export function ManagePage(props: {
  ctx: PageContext
  csrf: string
  email: string
  confirmed: boolean
  form: PreferencesForm
  problems: FormProblem[]
  notice: string | null
  countries: CountryOption[]
}) {
  const { ctx, form } = props
  const { t } = ctx
  const action = href(ctx, ctx.path)
  return (
    <Layout ctx={ctx} title={t('subscription.manage.title')} section="press" noindex>
      <h1>{t('subscription.manage.title')}</h1>
      <p class="lead">{t('subscription.manage.for', { email: props.email })}</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p>{t('subscription.manage.lead')}</p>
      {props.confirmed ? (
        <p>{t('subscription.manage.confirmed')}</p>
      ) : (
        <form class="inline-form" method="post" action={action}>
          <p class="notice">{t('subscription.manage.unconfirmed')}</p>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="action" value="confirm" />
          <button type="submit">{t('subscription.confirm')}</button>
        </form>
      )}
      <h2>{t('subscription.manage.preferences')}</h2>
      <ErrorSummary ctx={ctx} problems={props.problems} />
      <form class="stack-form" method="post" action={action}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="action" value="save" />
        <PreferenceFields ctx={ctx} form={form} problems={props.problems} countries={props.countries} />
        <button type="submit">{t('subscription.save')}</button>
      </form>
      <h2>{t('subscription.unsubscribe')}</h2>
      <form class="inline-form" method="post" action={action}>
        <p>{t('subscription.unsubscribeHint')}</p>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="action" value="unsubscribe" />
        <button type="submit" class="secondary">
          {t('subscription.unsubscribe')}
        </button>
      </form>
    </Layout>
  )
}

export function UnsubscribedPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('subscription.unsubscribed.title')} section="press" noindex>
      <h1>{t('subscription.unsubscribed.title')}</h1>
      <p class="notice" role="status">
        {t('subscription.unsubscribed')}
      </p>
      <p>
        <a href={href(ctx, '/press/subscribe')}>{t('subscription.subscribeAgain')}</a>
      </p>
    </Layout>
  )
}
