// The persisted-query list: every GraphQL document the app was built with, as {sha256: text}.
// Run by `npm run build`; the server (in production) runs only these operations. Documents come
// from the generated outputs (src/**/gql/graphql.ts), fragments included, printed by graphql-js;
// the server compares them after parsing, so the client's own printing does not matter.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { print } from 'graphql'

const root = new URL('../', import.meta.url).pathname
const out = join(root, 'dist', 'persisted-queries.json')
const DOCUMENT = /^export const (\w+)Document = (\{.*\}) as unknown as DocumentNode/gm

function generatedFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return generatedFiles(path)
    return path.endsWith(join('gql', 'graphql.ts')) ? [path] : []
  })
}

const queries = {}
for (const file of generatedFiles(join(root, 'src'))) {
  for (const [, name, json] of readFileSync(file, 'utf8').matchAll(DOCUMENT)) {
    const text = print(JSON.parse(json))
    if (!text.includes(' ' + name) && !text.startsWith('fragment')) throw new Error(`${file}: odd document ${name}`)
    queries[createHash('sha256').update(text).digest('hex')] = text
  }
}
if (Object.keys(queries).length === 0) throw new Error('no generated GraphQL documents found: run npm run codegen')
mkdirSync(join(root, 'dist'), { recursive: true })
writeFileSync(out, JSON.stringify(queries, null, 1) + '\n')
console.log(JSON.stringify({ persisted_queries: Object.keys(queries).length, file: 'dist/persisted-queries.json' }))
