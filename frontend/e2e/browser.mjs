// Debian's Chromium driven by playwright-core (Playwright's own browser download does not work here).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { it } from 'node:test'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { ARTIFACTS } from './server.mjs'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A persistent context on a new, empty profile; console errors and page errors are collected. */
export async function openBrowser(baseURL) {
  mkdirSync(ARTIFACTS, { recursive: true })
  const profile = mkdtempSync(join(tmpdir(), 'mall-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    baseURL,
    viewport: { width: 1280, height: 900 },
  })
  const consoleErrors = []
  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`)
    })
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`))
  }
  context.pages().forEach(watch)
  context.on('page', watch)
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(15_000)
  return {
    page,
    consoleErrors,
    async screenshot(name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
    },
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** A test step of a story: on failure the page of the browser in use is kept as failed-<name>.png. */
export function storyStep(currentBrowser) {
  return (name, body) =>
    it(name, async () => {
      try {
        await body()
      } catch (error) {
        await currentBrowser()?.screenshot(`failed-${name.replace(/\W+/g, '-')}`).catch(() => {})
        throw error
      }
    })
}
