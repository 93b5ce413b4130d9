// Typed operations from the API's own SDL: `npm run codegen` after schema.graphql or a document changes.
//
// Two outputs, because the client preset's graphql() keeps every document of its output in one
// module: the storefront's documents (src/gql) load with the app, the admin's (src/pages/admin/gql)
// only with the admin's chunks. Admin files import graphql from '@/pages/admin/gql'. The loan
// page's documents (profile, score, offers with schedules, loans) are the storefront's largest and
// only one logged-in page needs them: they have their own output too ('@/pages/loans/gql').
// CODEGEN_OUT lets `npm run codegen:check` generate into a scratch folder and compare.
import type { CodegenConfig } from '@graphql-codegen/cli'

const root = process.env.CODEGEN_OUT ?? '.'
const sources = (folder: string) => [`${folder}/**/*.vue`, `${folder}/**/*.ts`]

const preset = {
  preset: 'client' as const,
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    // money and times travel as strings; never parse money into a float
    scalars: { Decimal: 'string', DateTime: 'string', Date: 'string', JSON: 'unknown', Upload: 'File' },
    avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
  },
}

const config: CodegenConfig = {
  schema: '../schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    [`${root}/src/gql/`]: {
      ...preset,
      documents: [...sources('src'), '!src/gql/**', '!src/pages/admin/**', '!src/pages/loans/**'],
    },
    [`${root}/src/pages/admin/gql/`]: {
      ...preset,
      documents: [...sources('src/pages/admin'), '!src/pages/admin/gql/**'],
    },
    [`${root}/src/pages/loans/gql/`]: {
      ...preset,
      documents: [...sources('src/pages/loans'), '!src/pages/loans/gql/**'],
    },
  },
}

export default config
