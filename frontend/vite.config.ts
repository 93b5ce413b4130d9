import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npm run dev` proxies the API (mall serve on :8000, or MALL_API) so the app and GraphQL share an origin.
const api = process.env.MALL_API ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/media': api,
      '/healthz': api,
      // model reports for the admin (the SPA has no route under /admin/files)
      '/admin/files': api,
    },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    // scripts/bundle-size.mjs reads the manifest to report the initial load
    manifest: true,
    rolldownOptions: {
      output: {
        // vue, vue-router and urql change rarely: one long-cached vendor chunk; graphql-ws (job
        // progress over a WebSocket) is left to the lazy chunk that imports it, off the first load
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules[\\/](?!graphql-ws[\\/])/ }] },
      },
    },
  },
})
