import { renderToString } from 'preact-render-to-string'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadAssets, type Assets } from '../../web/assets.js'
import { pageContext } from '../../web/page-context.js'
import { EditionPage, type EditionPageModel } from './watchlist-edition.views.js'

/** The slot for the engine's suggestions: shown only when given, each with an "add" shortcut. */
describe('suggested candidates on the edition page', () => {
  let assets: Assets
  beforeAll(async () => {
    assets = await loadAssets()
  })
  const model: EditionPageModel = {
    edition: {
      id: 7,
      title: 'Fictional edition',
      editionDate: '2030-05-31',
      status: 'draft',
      publishedAt: null,
      introduction: '',
      entries: [{ countryCode: 'XQA', position: 1, rationale: 'Fictional reason' }],
    },
    names: new Map([
      ['XQA', 'Fictional Arcadia'],
      ['XQB', 'Fictional Borduria'],
    ]),
    addable: [{ code: 'XQB', name: 'Fictional Borduria' }],
    problems: [],
    typed: {},
    csrf: 'token',
    notice: null,
  }
  const render = (m: EditionPageModel, locale: 'en' | 'ru' = 'en') =>
    renderToString(<EditionPage ctx={pageContext(locale, '/workspace/watchlist/7', assets, 'http://civic-monitor.test')} model={m} />)
  const candidates = [
    { code: 'XQB', name: 'Fictional Borduria', drop: 12.345, reason: 'Fictional surge in detentions' },
    { code: 'XQA', name: 'Fictional Arcadia', drop: 1, reason: 'Fictional decline' },
  ]

  it('is absent without candidates', () => {
    expect(render(model)).not.toContain('Suggested by the engine')
    expect(render({ ...model, candidates: [] })).not.toContain('Suggested by the engine')
  })

  it('lists each candidate with its drop and reason, and an add shortcut unless already listed', () => {
    const html = render({ ...model, candidates })
    expect(html).toContain('Suggested by the engine')
    expect(html).toContain('computed score down 12.3 points')
    expect(html).toContain('computed score down 1 point')
    expect(html).toContain('Fictional surge in detentions')
    expect(html).toContain('href="/workspace/watchlist/7?candidate=XQB#add-entry"')
    expect(html).not.toContain('candidate=XQA')
    expect(html).toContain('Already on this edition.')
    expect(render({ ...model, candidates }, 'ru')).toContain('расчётный балл снизился на 1 пункт')
  })

  it('is not shown on a published edition', () => {
    const published = { ...model.edition, status: 'published' as const, publishedAt: new Date('2030-06-01T00:00:00Z') }
    expect(render({ ...model, edition: published, candidates })).not.toContain('Suggested by the engine')
  })
})
