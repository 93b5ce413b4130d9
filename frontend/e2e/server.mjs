// Starts the real API for the end-to-end tests: `mall demo --no-serve` (sample data) then
// `mall serve` on a free port, both on a fresh MALL_DATA_DIR; python comes from MALL_PYTHON.
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const FRONTEND = resolve(new URL('..', import.meta.url).pathname)
export const PROJECT = resolve(FRONTEND, '..')
export const ARTIFACTS = join(FRONTEND, 'e2e', 'artifacts')
const PYTHON = process.env.MALL_PYTHON ?? 'python'

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => done(port))
    })
  })
}

async function waitForHealth(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mall serve exited with ${child.exitCode}; see e2e/artifacts/server.log`)
    try {
      const response = await fetch(`${url}/healthz`)
      if (response.ok) return
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('mall serve did not become healthy in time; see e2e/artifacts/server.log')
}

/**
 * The build's persisted-query list plus the queries these tests send themselves (the literal
 * first arguments of `graphql(mall.url, ...)` below): the server runs with the list enforced, as
 * in production, so a storefront operation missing from the build's list fails its story.
 */
function persistedQueries(dataDir) {
  const listed = JSON.parse(readFileSync(join(FRONTEND, 'dist', 'persisted-queries.json'), 'utf8'))
  const e2e = join(FRONTEND, 'e2e')
  const call = /graphql\(mall\.url,\s*(['`])([\s\S]*?)\1/g
  let n = 0
  for (const file of readdirSync(e2e).filter((name) => name.endsWith('.test.mjs'))) {
    for (const [, , query] of readFileSync(join(e2e, file), 'utf8').matchAll(call)) listed[`e2e-${n++}`] = query
  }
  const path = join(dataDir, 'persisted-queries.json')
  writeFileSync(path, JSON.stringify(listed))
  return path
}

/** Returns { url, credentials: {username: password}, stop() }. */
export async function startMall() {
  if (!existsSync(join(FRONTEND, 'dist', 'index.html'))) {
    throw new Error('frontend/dist is missing: run `npm run build` before the end-to-end tests')
  }
  mkdirSync(ARTIFACTS, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'mall-e2e-'))
  const env = {
    ...process.env,
    MALL_DATA_DIR: dataDir,
    PYTHONUNBUFFERED: '1',
    MALL_PERSISTED_QUERIES_ENFORCE: 'true',
    MALL_PERSISTED_QUERIES_PATH: persistedQueries(dataDir),
  }
  const demo = spawnSync(PYTHON, ['-m', 'cli.main', 'demo', '--no-serve'], { cwd: PROJECT, env, encoding: 'utf8' })
  if (demo.status !== 0) throw new Error(`mall demo failed (${PYTHON}):\n${demo.stdout}\n${demo.stderr}`)
  const credentials = Object.fromEntries(
    readFileSync(join(dataDir, 'demo-credentials.txt'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')),
  )
  const port = await freePort()
  const log = createWriteStream(join(ARTIFACTS, 'server.log'))
  const child = spawn(PYTHON, ['-m', 'cli.main', 'serve', '--port', String(port)], { cwd: PROJECT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.pipe(log)
  child.stderr.pipe(log)
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(url, child, Date.now() + 60_000)
  } catch (error) {
    child.kill('SIGTERM')
    throw error
  }
  return {
    url,
    credentials,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * A GraphQL call from the test itself (to pick test data or set up what a story needs, never to
 * do what the UI should); pass a token to call as a logged-in user.
 */
export async function graphql(url, query, variables = {}, token = null) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  })
  const body = await response.json()
  if (body.errors) throw new Error(JSON.stringify(body.errors))
  return body.data
}
