// Fails when the committed generated types (src/gql, src/pages/admin/gql, src/pages/loans/gql) are stale against
// ../schema.graphql or the documents: generates into a scratch folder and compares byte for byte.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const scratch = join(root, '.codegen-check')
const outputs = ['src/gql', 'src/pages/admin/gql', 'src/pages/loans/gql']

rmSync(scratch, { recursive: true, force: true })
try {
  execFileSync(join(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts', '--silent'], {
    cwd: root,
    env: { ...process.env, CODEGEN_OUT: scratch },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const stale = []
  for (const output of outputs) {
    const fresh = join(scratch, output)
    const committed = join(root, output)
    const names = new Set([...readdirSync(fresh), ...(existsSync(committed) ? readdirSync(committed) : [])])
    for (const name of names) {
      const a = existsSync(join(fresh, name)) ? readFileSync(join(fresh, name), 'utf8') : null
      const b = existsSync(join(committed, name)) ? readFileSync(join(committed, name), 'utf8') : null
      if (a !== b) stale.push(join(output, name))
    }
  }
  if (stale.length) {
    console.error(`generated GraphQL types are stale: ${stale.join(', ')}\nrun \`npm run codegen\` and commit the result`)
    process.exit(1)
  }
  console.log('generated GraphQL types match schema.graphql and the documents')
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
