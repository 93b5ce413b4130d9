// End to end against `mall serve` with the sample data: a shopper registers, searches, opens a
// product and reviews it; an admin configures the home page, takes the product off sale and
// locks the shopper. Screenshots of each main page land in e2e/artifacts/.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { openBrowser, storyStep } from './browser.mjs'
import { graphql, startMall } from './server.mjs'

const PHONE = { width: 375, height: 812 }
const DESKTOP = { width: 1280, height: 900 }
// the smallest valid PNG: the API checks magic bytes, not the declared type
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

let mall
let browser
let page
const shopper = { username: `e2e_${Date.now().toString(36)}`, password: 'correct horse battery', nickname: 'E2E Shopper' }
let target // the product the shopper searches for and reviews

async function shows(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor()
}

async function noHorizontalScroll() {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at ${page.viewportSize().width}px`)
}

async function logOut() {
  await page.setViewportSize(DESKTOP)
  await page.getByTestId('logout').click()
  await page.getByTestId('login-link').waitFor()
}

async function logIn(username, password) {
  await page.goto('/login')
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
}

/** A step of the story; on failure its page is kept as failed-<name>.png. */
const step = storyStep(() => browser)

describe('the mall in a browser', { concurrency: 1 }, () => {
  before(async () => {
    mall = await startMall()
    browser = await openBrowser(mall.url)
    page = browser.page
    // a best seller with a distinctive word in its name, to search for
    const data = await graphql(mall.url, '{ products(first: 20, sort: SALES) { edges { node { id name } } } }')
    target = data.products.edges.map((e) => e.node).find((p) => p.name.split(' ').some((w) => w.length >= 5))
    assert.ok(target, 'the sample data has products')
  })

  after(async () => {
    await browser?.close()
    await mall?.stop()
  })

  step('shows the home page with its shelves', async () => {
    await page.goto('/')
    await page.getByTestId('shelf-hot').getByTestId('product-card').first().waitFor()
    for (const shelf of ['shelf-hot', 'shelf-new', 'shelf-recommended']) {
      assert.ok((await page.getByTestId(shelf).getByTestId('product-card').count()) > 0, `${shelf} has products`)
    }
    assert.match(await page.getByTestId('shelf-hot').getByTestId('price').first().innerText(), /^\$\d[\d,]*\.\d\d$/)
    await browser.screenshot('home')
  })

  step('browses the categories down three levels', async () => {
    await page.goto('/categories')
    await page.getByTestId('subcategories').locator('a').first().click()
    await page.getByTestId('subcategories').locator('a').first().click() // level 2
    await page.getByTestId('subcategories').locator('a').first().click() // level 3
    await page.getByTestId('product-card').first().waitFor()
    assert.equal(await page.locator('nav.breadcrumbs a').count(), 3, 'all categories, level 1, level 2')
    await browser.screenshot('category')
  })

  step('registers a new shopper, showing field errors first', async () => {
    await page.goto('/register')
    await page.getByLabel('Username').fill('x')
    await page.getByLabel('Password', { exact: true }).fill('short')
    await page.getByLabel('Password again').fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    await shows(page.locator('[data-field="register-username"]'), /3 to 32/)
    await shows(page.locator('[data-field="register-password"]'), /8 to 128/)
    await browser.screenshot('register-errors')

    await page.getByLabel('Username').fill(shopper.username)
    await page.getByLabel('Nickname (optional)').fill(shopper.nickname)
    await page.getByLabel('Password', { exact: true }).fill(shopper.password)
    await page.getByLabel('Password again').fill(shopper.password)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL('**/account')
    await shows(page.getByTestId('account-link'), shopper.nickname)
  })

  step('uploads an avatar on the profile page', async () => {
    await page.getByLabel('Change avatar').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG })
    await page.getByTestId('avatar').waitFor()
    assert.match(await page.getByTestId('avatar').getAttribute('src'), /^\/media\/avatars\//)
    await browser.screenshot('profile')
  })

  step('searches by keyword (hybrid search, each result says why)', async () => {
    const word = target.name.split(' ').find((w) => w.length >= 5)
    await page.getByTestId('search-input').fill(word)
    await page.getByTestId('search-input').press('Enter')
    await page.waitForURL(/\/search\?q=/)
    await shows(page.getByTestId('product-card'), target.name)
    assert.match(await page.getByTestId('result-count').innerText(), /^\d+\+? products?$/)
    assert.match(await page.getByTestId('search-why').first().innerText(), /Matches|meaning/)
    await browser.screenshot('search')
  })

  step('opens a product and writes a review, with field errors next to the fields', async () => {
    await page.getByTestId('product-card').filter({ hasText: target.name }).first().getByRole('link').click()
    await shows(page.getByTestId('product-name'), target.name)
    assert.match(await page.locator('.summary [data-testid="price"]').innerText(), /^\$\d[\d,]*\.\d\d$/)
    assert.match(await page.getByTestId('stock').innerText(), /In stock|left|Out of stock/)
    await page.getByText('Write a review').click()
    await page.getByRole('button', { name: 'Post review' }).click()
    await shows(page.locator('[data-field="review-stars"]'), /stars from 1 to 5/i)
    await shows(page.locator('[data-field="review-title"]'), /title/i)
    await shows(page.locator('[data-field="review-text"]'), /review/i)
    await page.getByLabel('4 stars').check({ force: true })
    await page.getByLabel('Title').fill('Tried it in the e2e run')
    await page.getByLabel('Your review').fill('Arrived quickly and did what it says.')
    await page.getByRole('button', { name: 'Post review' }).click()
    await page.getByTestId('review-thanks').waitFor()
    await shows(page.getByTestId('review'), 'Tried it in the e2e run')
    await browser.screenshot('product')
  })

  step('works at phone width', async () => {
    await page.setViewportSize(PHONE)
    await noHorizontalScroll()
    await browser.screenshot('product-phone')
    await page.goto('/')
    await page.getByTestId('product-card').first().waitFor()
    await noHorizontalScroll()
    await browser.screenshot('home-phone')
    await page.getByRole('button', { name: 'Menu' }).click()
    await page.getByTestId('logout').waitFor()
  })

  step('lets an admin configure the home carousel, with field errors per slide', async () => {
    await logOut()
    await logIn('admin', mall.credentials.admin)
    await page.getByTestId('admin-link').click()
    await page.getByTestId('admin-products').waitFor()
    await browser.screenshot('admin-products')

    await page.getByRole('link', { name: 'Home page' }).click()
    await page.getByRole('button', { name: 'Add slide' }).click()
    await page.getByRole('button', { name: 'Save carousel' }).click()
    await shows(page.locator('.slide .field-error'), /title of 1 to 120/i)
    const cover = (await graphql(mall.url, 'query($id: ID!) { product(id: $id) { coverImage } }', { id: target.id })).product.coverImage
    await page.getByLabel('Title').fill('Fresh this week')
    await page.getByLabel('Image address').fill(cover)
    await page.getByPlaceholder('Link a product…').fill(target.name.split(' ')[0])
    await page.locator('.picker .results button').first().click()
    await page.getByRole('button', { name: 'Save carousel' }).click()
    await page.getByText('Saved.').first().waitFor()
    await browser.screenshot('admin-home')
    await page.goto('/')
    await shows(page.getByTestId('carousel'), 'Fresh this week')
  })

  step('manages the category tree, with typed errors where they happen', async () => {
    await page.goto('/admin/categories')
    const tree = page.getByTestId('category-tree')
    await tree.waitFor()
    const topNames = () => tree.locator(':scope > li > .row .name').allInnerTexts()
    page.on('dialog', (dialog) => dialog.accept())

    await tree.locator(':scope > li').first().locator(':scope > .row').getByRole('button', { name: 'Delete' }).click()
    await shows(tree.locator(':scope > li').first().locator(':scope > .field-error'), /subcategories first/)

    const first = (await topNames())[0]
    await page.getByLabel('New top-level category').fill(first)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await shows(page.locator('.add-top .field-error'), /sibling category has this name/)
    await page.getByLabel('New top-level category').fill('E2E Aisle')
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await tree.locator('[data-category="E2E Aisle"]').waitFor()
    assert.equal((await topNames()).at(-1), 'E2E Aisle')

    await page.getByRole('button', { name: 'Move E2E Aisle up' }).click()
    await page.waitForFunction(() => {
      const names = [...document.querySelectorAll('[data-testid="category-tree"] > li > .row .name')].map((n) => n.textContent)
      return names.at(-2) === 'E2E Aisle'
    })
    const branch = tree.locator('[data-category="E2E Aisle"]')
    await branch.getByRole('button', { name: 'Rename' }).click()
    await page.getByLabel('New name for E2E Aisle').fill('E2E Corner')
    await branch.getByRole('button', { name: 'Rename' }).click()
    await tree.locator('[data-category="E2E Corner"]').waitFor()
    await browser.screenshot('admin-categories')
    await tree.locator('[data-category="E2E Corner"]').getByRole('button', { name: 'Delete' }).click()
    await tree.locator('[data-category="E2E Corner"]').waitFor({ state: 'detached' })
    page.removeAllListeners('dialog')
  })

  step('takes the reviewed product off sale', async () => {
    await page.goto('/admin/products')
    await page.getByTestId('admin-product-search').fill(target.name)
    const row = page.locator(`tr[data-product-id="${target.id}"]`)
    await row.waitFor()
    await row.getByTestId('toggle-sale').click()
    await shows(row.getByTestId('toggle-sale'), 'Put on sale')
    const listed = await graphql(mall.url, 'query($k: String) { products(first: 50, filter: { keyword: $k }) { edges { node { id } } } }', { k: target.name })
    assert.ok(!listed.products.edges.some((e) => e.node.id === target.id), 'an off-sale product leaves the storefront')
  })

  step('locks the shopper, who then cannot log in', async () => {
    await page.goto('/admin/users')
    await page.getByTestId('admin-user-search').fill(shopper.username)
    const row = page.locator(`tr[data-username="${shopper.username}"]`)
    await row.waitFor()
    await row.getByTestId('toggle-lock').click()
    await shows(row.getByTestId('user-status'), 'Locked')
    await browser.screenshot('admin-users')
    await page.setViewportSize(PHONE)
    await noHorizontalScroll()
    await browser.screenshot('admin-users-phone')
    await page.setViewportSize(DESKTOP)

    await logOut()
    await logIn(shopper.username, shopper.password)
    await shows(page.locator('.form-errors'), /locked/i)
    await browser.screenshot('login-locked')
  })

  step('logged no console errors', () => {
    assert.deepEqual(browser.consoleErrors, [])
  })
})
