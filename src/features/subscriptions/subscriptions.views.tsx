import { LOCALES, languageInfo } from '../../lib/i18n.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { Problems, type FormProblem } from '../accounts/accounts.views.js'
import { PUBLICATION_KINDS } from '../publications/publication-form.js'
import type { PreferencesForm, SubscribeForm } from './subscription-form.js'

/** The subscribe form, its "check your e-mail" answer, and a subscription's own page (reached by its link). */
export interface CountryOption {
  code: string
  name: string
}

function FieldProblem({ ctx, problem }: { ctx: PageContext; problem: FormProblem | undefined }) {
  if (!problem) return null
  return <p class="field-problem">{ctx.t(problem.message, problem.params)}</p>
}

/** Countries, kinds and language: the same fields to subscribe and to change a subscription. */
export function PreferenceFields(props: { ctx: PageContext; form: PreferencesForm; problems: FormProblem[]; countries: CountryOption[] }) {
  const { ctx, form, problems } = props
  const { t } = ctx
  const problem = (field: string) => problems.find((p) => p.field === field)
  return (
    <>
      <div class={`field${problem('countries') ? ' has-problem' : ''}`}>
        <label for="countries">{t('subscription.countries')}</label>
        <p class="hint" id="countries-hint">
          {t('subscription.countriesHint')}
        </p>
        <FieldProblem ctx={ctx} problem={problem('countries')} />
        <select id="countries" name="countries" multiple size={8} aria-describedby="countries-hint">
          {props.countries.map((c) => (
            <option value={c.code} selected={form.countries.includes(c.code)}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset id="kinds" aria-describedby="kinds-hint">
        <legend>{t('subscription.kinds')}</legend>
        <p class="hint" id="kinds-hint">
          {t('subscription.kindsHint')}
        </p>
        <FieldProblem ctx={ctx} problem={problem('kinds')} />
        {PUBLICATION_KINDS.map((kind) => (
          <label class="check">
            <input type="checkbox" name="kinds" value={kind} checked={form.kinds.includes(kind)} /> {t(`subscription.kind.${kind}`)}
          </label>
        ))}
      </fieldset>
      <div class={`field${problem('language') ? ' has-problem' : ''}`}>
        <label for="language">{t('subscription.language')}</label>
        <p class="hint" id="language-hint">
          {t('subscription.languageHint')}
        </p>
        <FieldProblem ctx={ctx} problem={problem('language')} />
        <select id="language" name="language" aria-describedby="language-hint">
          {LOCALES.map((locale) => (
            <option value={locale} lang={locale} selected={form.language === locale}>
              {languageInfo(locale).nativeName}
            </option>
          ))}
        </select>
      </div>
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
  const emailProblem = problems.find((p) => p.field === 'email')
  return (
    <Layout ctx={ctx} title={t('subscription.title')} section="press">
      <h1>{t('subscription.title')}</h1>
      <p class="lead">{t('subscription.lead')}</p>
      <Problems ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={href(ctx, '/press/subscribe')}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <div class={`field${emailProblem ? ' has-problem' : ''}`}>
          <label for="email">{t('subscription.email')}</label>
          <FieldProblem ctx={ctx} problem={emailProblem} />
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            maxLength={254}
            value={form.email}
            aria-invalid={emailProblem ? 'true' : undefined}
          />
        </div>
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
          <input type="hidden" name="_csrf" value={props.csrf} />
          <input type="hidden" name="action" value="confirm" />
          <button type="submit">{t('subscription.confirm')}</button>
        </form>
      )}
      <h2>{t('subscription.manage.preferences')}</h2>
      <Problems ctx={ctx} problems={props.problems} />
      <form class="stack-form" method="post" action={action}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="action" value="save" />
        <PreferenceFields ctx={ctx} form={form} problems={props.problems} countries={props.countries} />
        <button type="submit">{t('subscription.save')}</button>
      </form>
      <h2>{t('subscription.unsubscribe')}</h2>
      <form class="inline-form" method="post" action={action}>
        <p>{t('subscription.unsubscribeHint')}</p>
        <input type="hidden" name="_csrf" value={props.csrf} />
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
