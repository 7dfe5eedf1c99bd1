import { describe, expect, it } from 'vitest'
import { slugify } from './slug.js'

describe('slugify', () => {
  it('strips accents and apostrophes', () => {
    expect(slugify("Côte d'Ivoire")).toBe('cote-divoire')
    expect(slugify('São Tomé and Príncipe')).toBe('sao-tome-and-principe')
  })

  it('spells out compatibility characters instead of dropping them', () => {
    expect(slugify('ĳsselmeer ﬁeld')).toBe('ijsselmeer-field')
  })

  it('can make apostrophes a break and cut the slug at a length, never at a hyphen', () => {
    expect(slugify("Côte d'Ivoire", { apostrophes: 'split' })).toBe('cote-d-ivoire')
    expect(slugify('abc def', { maxLength: 4 })).toBe('abc')
    expect(slugify('Вымышленная Аркадия понижена', { maxLength: 14 })).toBe('vymyshlennaya')
  })

  it('transliterates Russian as BGN/PCGN does (й, ы → y; х → kh; ж → zh), soft and hard signs vanishing', () => {
    expect(slugify('Казахстан понижен в рейтинге')).toBe('kazakhstan-ponizhen-v-reytinge')
    expect(slugify('Вымышленный объём: «Щука» и подъезд', { apostrophes: 'split' })).toBe('vymyshlennyy-obem-shchuka-i-podezd')
    // A title typed with decomposed letters gives the same address.
    expect(slugify('Вымышленный край'.normalize('NFD'))).toBe('vymyshlennyy-kray')
  })

  it('transliterates Ukrainian, Kazakh, Arabic and Greek', () => {
    expect(slugify('Вигадана Аркадія: свобода зібрань')).toBe('vigadana-arkadiya-svoboda-zibran')
    expect(slugify('Қиялдағы Арқадия: құқық қорғаушылар')).toBe('qiyaldaghy-arqadiya-quqyq-qorghaushylar')
    // Arabic as it is written: consonants and long vowels, the alif that carries a vowel left out.
    expect(slugify('أركاديا الخيالية: حرية الصحافة')).toBe('rkdy-lkhylyh-hryh-lshfh')
    expect(slugify('Φανταστική Αρκαδία: ελευθερία του Τύπου')).toBe('fantastiki-arkadia-eleytheria-toy-typoy')
  })

  it('keeps Latin words and digits as they are beside another script', () => {
    expect(slugify("Fictional Arcadia: Аркадия's 2030 report", { apostrophes: 'split' })).toBe('fictional-arcadia-arkadiya-s-2030-report')
    expect(slugify('Arcadie fictive — Аркадия')).toBe('arcadie-fictive-arkadiya')
  })

  it('gives nothing for emoji and punctuation alone, so the form can ask for an address', () => {
    expect(slugify('🎉🕊️ — «…» !!! ؟')).toBe('')
    expect(slugify('📣 Вымышленная новость 📣')).toBe('vymyshlennaya-novost')
  })
})
