import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

/**
 * Counts the statements through one Kysely instance that may have written, as each finishes:
 * every one but a plain SELECT (a raw statement counts unless it starts with `select`). The
 * in-memory content version (content-version.ts) reads the version again after this process
 * wrote, so its own changes show at once, with no notification to wait for.
 */
export class WriteCounter implements KyselyPlugin {
  #count = 0
  readonly #writing = new WeakSet<object>()

  get count(): number {
    return this.#count
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (mayWrite(node)) this.#writing.add(queryId)
    return node
  }

  transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#writing.has(queryId)) this.#count += 1
    return Promise.resolve(result)
  }
}

function mayWrite(node: RootOperationNode): boolean {
  if (node.kind === 'SelectQueryNode') return (node.with?.expressions ?? []).some((cte) => cte.expression.kind !== 'SelectQueryNode')
  if (node.kind === 'RawNode') return !/^\s*select\b/i.test(node.sqlFragments[0] ?? '')
  return true
}
