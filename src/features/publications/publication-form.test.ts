import { describe, expect, it } from 'vitest'
import { slugify } from '../../lib/slug.js'
import { checkPublicationForm, draftToForm, PUBLICATION_SLUG, readPublicationForm } from './publication-form.js'

const fields = (extra: Record<string, string | string[]> = {}) => ({
  kind: 'press_release',
  title_en: 'Fictional Arcadia: Rating Downgraded!',
  summary_en: 'A fictional summary.',
  ...extra,
})
const problemsOf = (extra: Record<string, string | string[]>) => {
  const result = checkPublicationForm(readPublicationForm(fields(extra)))
  return result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`)
}

describe('the publication form', () => {
  it('makes addresses from titles in any script and asks for one when nothing is left', () => {
    expect(slugify('Fictional Arcadia: Rating Downgraded!', PUBLICATION_SLUG)).toBe('fictional-arcadia-rating-downgraded')
    expect(slugify('Côte fictive — déclassée', PUBLICATION_SLUG)).toBe('cote-fictive-declassee')
    expect(slugify("L'Arcadie fictive", PUBLICATION_SLUG)).toBe('l-arcadie-fictive')
    expect(slugify(`${'a'.repeat(79)} b`, PUBLICATION_SLUG)).toBe('a'.repeat(79))
    expect(slugify('Вымышленная Аркадия понижена в рейтинге', PUBLICATION_SLUG)).toBe('vymyshlennaya-arkadiya-ponizhena-v-reytinge')
    const texts = (extra: Record<string, string>) => {
      const result = checkPublicationForm(readPublicationForm(fields(extra)))
      return result.ok ? result.draft.texts.map((t) => `${t.language}: ${t.slug}`) : []
    }
    expect(texts({ title_ru: 'Вымышленная Аркадия', title_ar: 'أركاديا الخيالية' })).toEqual([
      'en: fictional-arcadia-rating-downgraded',
      'ru: vymyshlennaya-arkadiya',
      'ar: rkdy-lkhylyh',
    ])
    // The editor's address wins over the proposed one.
    expect(texts({ title_ru: 'Вымышленная Аркадия', slug_ru: 'arkadiya-fictional' })).toContain('ru: arkadiya-fictional')
    expect(problemsOf({ title_ru: '🎉 «…» !!!' })).toEqual(['slug_ru: publication.form.problem.slugNeeded'])
  })

  it('takes a media contact with only a way to reach it, without a name', () => {
    expect(problemsOf({ title_ru: 'Вымышленное заявление', contact_email_ru_0: 'media@example.org' })).toEqual([])
    expect(problemsOf({ title_ar: 'بيان خيالي', contact_phone_ar_1: '+1 555 0100' })).toEqual([])
    expect(problemsOf({ title_ar: 'بيان خيالي', contact_role_ar_0: 'المكتب الإعلامي' })).toEqual([
      'contact_email_ar_0: publication.form.problem.contactReach',
    ])
  })

  it('reads a valid form into a draft, dropping empty language versions and empty quote slots', () => {
    const result = checkPublicationForm(
      readPublicationForm(fields({ countries: ['xqa', 'XQA'], decisions: '3, #4', quote_en_0: 'Words.', quote_by_en_0: 'A. Person' })),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.draft).toMatchObject({ kind: 'press_release', countries: ['XQA'], decisionIds: [3, 4], updateIds: [] })
    expect(result.draft.texts).toEqual([
      {
        language: 'en',
        title: 'Fictional Arcadia: Rating Downgraded!',
        slug: 'fictional-arcadia-rating-downgraded',
        summary: 'A fictional summary.',
        body: '',
        quotes: [{ text: 'Words.', attribution: 'A. Person' }],
        contacts: [],
      },
    ])
    expect(checkPublicationForm(draftToForm(result.draft))).toEqual(result)
  })

  it('names each problem by its field', () => {
    expect(problemsOf({ kind: 'pamphlet' })).toEqual(['kind: publication.form.problem.kind'])
    expect(problemsOf({ slug_en: 'Not A Slug' })).toEqual(['slug_en: publication.form.problem.slug'])
    expect(problemsOf({ slug_en: 'subscribe' })).toEqual(['slug_en: publication.form.problem.slugTaken'])
    expect(problemsOf({ title_fr: 'Arcadie', slug_fr: 'fictional-arcadia-rating-downgraded' })).toEqual([
      'slug_fr: publication.form.problem.slugRepeated',
    ])
    expect(problemsOf({ summary_es: 'Solo un resumen' })).toEqual(['title_es: publication.form.problem.title'])
    expect(problemsOf({ quote_en_1: 'Words without a speaker' })).toEqual(['quote_en_1: publication.form.problem.quote'])
    expect(problemsOf({ contact_name_en_0: 'Press Officer', contact_email_en_0: 'nope' })).toEqual([
      'contact_email_en_0: publication.form.problem.contactEmail',
    ])
    expect(problemsOf({ contact_name_en_0: 'Press Officer' })).toEqual(['contact_email_en_0: publication.form.problem.contactReach'])
    expect(problemsOf({ contact_role_en_0: 'x'.repeat(201), contact_email_en_0: 'media@example.org' })).toEqual([
      'contact_role_en_0: publication.form.problem.contactLength',
    ])
    expect(problemsOf({ countries: 'Arcadia' })).toEqual(['countries: publication.form.problem.countries'])
    expect(problemsOf({ updates: '1; two' })).toEqual(['updates: publication.form.problem.ids'])
    expect(problemsOf({ title_en: '', summary_en: '' })).toEqual(['title_en: publication.form.problem.noText'])
  })
})
