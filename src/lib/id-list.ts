/** "12, 15 #20" → [12, 15, 20] (duplicates dropped); null when something else is typed or there are more than `max`. */
export function parseIdList(text: string, max: number): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean)
  if (parts.some((p) => !/^#?[0-9]{1,15}$/.test(p))) return null
  const ids = [...new Set(parts.map((p) => Number(p.replace('#', ''))))]
  return ids.length > max ? null : ids
}
