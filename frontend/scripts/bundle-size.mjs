// Gzip size of what a shopper downloads first: the entry chunk with its static imports and CSS,
// and, on top of it, the home page's route chunk. Run after `npm run build`; last line is JSON.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const dist = new URL('../dist/', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'))

function closure(keys) {
  const files = new Set()
  const visit = (key) => {
    const chunk = manifest[key]
    if (!chunk || files.has(chunk.file)) return
    files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  keys.forEach(visit)
  return files
}

const sizeOf = (file) => {
  const bytes = readFileSync(join(dist, file))
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

function total(files) {
  return [...files].reduce((sum, file) => {
    const size = sizeOf(file)
    return { raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip }
  }, { raw: 0, gzip: 0 })
}

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry)
const initial = closure([entryKey])
const homeKey = Object.keys(manifest).find((key) => key.endsWith('pages/catalog/HomePage.vue'))
const home = closure([entryKey, homeKey])
const adminInInitial = [...home].filter((file) => /Admin|admin/.test(file))

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`
console.log('file'.padEnd(48), 'raw'.padStart(10), 'gzip'.padStart(10))
for (const file of home) {
  const size = sizeOf(file)
  console.log(`${file}${initial.has(file) ? '' : ' (home route)'}`.padEnd(48), kb(size.raw).padStart(10), kb(size.gzip).padStart(10))
}
const entry = total(initial)
const withHome = total(home)
console.log(`initial load (entry + static imports + CSS): ${kb(entry.gzip)} gzip, ${kb(entry.raw)} raw`)
console.log(`home page (initial load + home route chunk): ${kb(withHome.gzip)} gzip`)
console.log(adminInInitial.length ? `ADMIN CODE IN THE INITIAL LOAD: ${adminInInitial.join(', ')}` : 'no admin code in the initial load')
console.log(JSON.stringify({
  initial_gzip_bytes: entry.gzip,
  initial_raw_bytes: entry.raw,
  home_gzip_bytes: withHome.gzip,
  admin_in_initial: adminInInitial.length > 0,
}))
if (adminInInitial.length) process.exit(1)
