// End to end against `mall serve` with the sample data, the buying half of issue 7: a shopper
// registers, searches, opens a product, adds it to the cart, checks out with a coupon (a double
// click makes one order), is declined by the test card, pays, and sees the order; an admin ships
// it and the shopper sees it shipped. Setup only (a coupon for the new shopper) goes through
// GraphQL. Screenshots of every buying page, desktop and phone, land in e2e/artifacts/.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { openBrowser, storyStep } from './browser.mjs'
import { graphql, startMall } from './server.mjs'

const PHONE = { width: 375, height: 812 }
const DESKTOP = { width: 1280, height: 900 }

let mall
let browser
let page
let adminToken
const shopper = { username: `buyer_${Date.now().toString(36)}`, password: 'correct horse battery', nickname: 'E2E Buyer' }
let target // a product in stock with a searchable word in its name
let orderNumber
let orderPath

async function shows(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor()
}

async function noHorizontalScroll() {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `${page.url()} scrolls sideways by ${overflow}px at ${page.viewportSize().width}px`)
}

/** Screenshot the page as it is, then again at phone width (which must not scroll sideways). */
async function screenshots(name, ready = async () => {}) {
  await browser.screenshot(name)
  await page.setViewportSize(PHONE)
  await ready()
  await noHorizontalScroll()
  await browser.screenshot(`${name}-phone`)
  await page.setViewportSize(DESKTOP)
}

async function logIn(username, password) {
  await page.goto('/login')
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByTestId('account-link').waitFor()
}

async function logOut() {
  await page.getByTestId('logout').click()
  await page.getByTestId('login-link').waitFor()
}

const shopperToken = () => page.evaluate(() => localStorage.getItem('mall.token'))

/** A step of the story; on failure its page is kept as failed-<name>.png. */
const step = storyStep(() => browser)

describe('buying in the mall', { concurrency: 1 }, () => {
  before(async () => {
    mall = await startMall()
    browser = await openBrowser(mall.url)
    page = browser.page
    const data = await graphql(mall.url, '{ products(first: 40, sort: SALES) { edges { node { id name stock price } } } }')
    target = data.products.edges
      .map((e) => e.node)
      .find((p) => p.stock >= 5 && Number(p.price) > 5 && p.name.split(' ').some((w) => /^[A-Za-z]{5,}$/.test(w)))
    assert.ok(target, 'the sample data has a product in stock')
    const login = await graphql(mall.url, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: 'admin', p: mall.credentials.admin })
    adminToken = login.login.token
    assert.ok(adminToken, 'the demo admin can log in')
  })

  after(async () => {
    await browser?.close()
    await mall?.stop()
  })

  step('registers a shopper, who gets a welcome coupon', async () => {
    await page.goto('/register')
    await page.getByLabel('Username').fill(shopper.username)
    await page.getByLabel('Nickname (optional)').fill(shopper.nickname)
    await page.getByLabel('Password', { exact: true }).fill(shopper.password)
    await page.getByLabel('Password again').fill(shopper.password)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL('**/account')
    assert.equal(await page.getByTestId('cart-count').innerText(), '0')

    // setup: the admin makes a $5-off coupon and grants it to the new shopper
    const now = Date.now()
    const created = await graphql(mall.url, `mutation($input: CouponTemplateInput!) {
      createCouponTemplate(input: $input) { template { id } errors { message } } }`, {
      input: { name: 'E2E welcome', kind: 'FIXED', value: '5.00', validFrom: new Date(now - 60_000).toISOString(), validUntil: new Date(now + 86_400_000).toISOString(), totalQuantity: 10 },
    }, adminToken)
    const templateId = created.createCouponTemplate.template.id
    const users = await graphql(mall.url, 'query($s: String) { users(first: 5, search: $s) { edges { node { id username } } } }', { s: shopper.username }, adminToken)
    const userId = users.users.edges.find((e) => e.node.username === shopper.username).node.id
    const granted = await graphql(mall.url, 'mutation($t: ID!, $u: ID!) { grantCoupon(templateId: $t, userId: $u) { coupon { code } errors { message } } }', { t: templateId, u: userId }, adminToken)
    assert.ok(granted.grantCoupon.coupon, JSON.stringify(granted.grantCoupon.errors))
  })

  step('searches, adds from a product card, then more from the product page', async () => {
    const word = target.name.split(' ').find((w) => /^[A-Za-z]{5,}$/.test(w))
    await page.getByTestId('search-input').fill(word)
    await page.getByTestId('search-input').press('Enter')
    await page.waitForURL(/\/search\?q=/)
    const card = page.getByTestId('product-card').filter({ hasText: target.name }).first()
    await card.getByRole('button', { name: 'Add to cart' }).click()
    await shows(page.getByTestId('cart-count'), '1')

    await card.getByRole('link').first().click()
    await shows(page.getByTestId('product-name'), target.name)
    const quantity = page.getByTestId('add-quantity')
    const addHere = page.locator('.summary').getByRole('button', { name: 'Add to cart' })
    await quantity.fill('100')
    await addHere.click()
    await shows(page.locator('.add-to-cart [data-field="quantity"]'), /1 to 99/)
    await quantity.fill('2')
    await addHere.click()
    await page.getByTestId('added-to-cart').waitFor()
    await shows(page.getByTestId('cart-count'), '3')
  })

  step('shows the cart with formatted totals and a coupon preview', async () => {
    await page.getByTestId('cart-link').click()
    await page.waitForURL('**/cart')
    const row = page.getByTestId('cart-line').filter({ hasText: target.name })
    await row.waitFor()
    assert.equal(await row.getByTestId('line-quantity').inputValue(), '3')
    assert.match(await page.getByTestId('subtotal').innerText(), /^\$\d[\d,]*\.\d\d$/)
    await row.getByRole('button', { name: 'One less' }).click()
    await page.waitForFunction(() => document.querySelector('[data-testid="line-quantity"]')?.value === '2')
    await shows(page.getByTestId('cart-count'), '2')

    await page.getByTestId('coupon-input').fill('NOPE-NOT-A-CODE')
    await page.getByTestId('coupon-apply').click()
    await shows(page.locator('[data-field="coupon-code"]'), /no coupon/i)
    await page.getByTestId('coupon-remove').click()
    await page.getByTestId('coupon-offer').first().click()
    await shows(page.getByTestId('discount'), '−$5.00')
    await screenshots('cart', () => page.getByTestId('cart-line').first().waitFor())
  })

  step('checks out: a new address with field errors, the coupon, one order for a double click', async () => {
    await page.getByTestId('go-checkout').click()
    await page.waitForURL(/\/checkout/)
    await page.getByTestId('address-form').waitFor() // no address yet: the form is open
    await page.getByTestId('save-address').click()
    await shows(page.locator('[data-field="checkout-address-name"]'), /required/)
    await shows(page.locator('[data-field="checkout-address-detail"]'), /required/)
    await page.getByLabel('Recipient').fill('E2E Buyer')
    await page.getByLabel('Phone').fill('+1 555 0100')
    await page.getByLabel('State / province').fill('CA')
    await page.getByLabel('City').fill('San Francisco')
    await page.getByLabel('District').fill('Mission')
    await page.getByLabel('Street and number').fill('1 Market St')
    await page.getByTestId('save-address').click()
    await shows(page.getByTestId('checkout-address'), 'E2E Buyer')
    await shows(page.getByTestId('discount'), '−$5.00')
    await screenshots('checkout')

    await page.getByTestId('place-order').dblclick()
    await page.waitForURL(/\/orders\/[^/]+\/pay$/)
    const mine = await graphql(mall.url, '{ myOrders(first: 10) { edges { node { id number discount couponCode } } } }', {}, await shopperToken())
    assert.equal(mine.myOrders.edges.length, 1, 'a double click made exactly one order')
    const order = mine.myOrders.edges[0].node
    assert.equal(order.discount, '5.00')
    orderNumber = order.number
    assert.equal(await page.getByTestId('cart-count').innerText(), '0')
  })

  step('pays: the test card is declined, another card goes through', async () => {
    await shows(page.getByTestId('wallet-balance'), '$0.00')
    await page.getByTestId('card-number').fill('4000 0000 0000 0002')
    await page.getByTestId('pay').click()
    await page.getByTestId('payment-declined').waitFor()
    await shows(page.locator('[data-field="card-number"]'), /declined/)
    await screenshots('payment-declined')
    await page.getByTestId('card-number').fill('4242 4242 4242 4242')
    await page.getByTestId('pay').click()
    await page.waitForURL(/\/orders\/[^/]+\?paid=1$/)
    orderPath = new URL(page.url()).pathname
    await page.getByTestId('paid-note').waitFor()
    await shows(page.getByTestId('order-status'), 'Paid')
    await shows(page.getByTestId('order-item'), target.name)
    await shows(page.getByTestId('ship-to'), '1 Market St')
    await shows(page.getByTestId('discount'), '−$5.00')
    await screenshots('order-paid')
  })

  step('finds the order in the history, by status too', async () => {
    await page.getByTestId('orders-link').click()
    const row = page.locator(`[data-testid="order-row"][data-number="${orderNumber}"]`)
    await row.waitFor()
    await page.getByRole('button', { name: 'Shipped' }).click()
    await page.waitForURL(/status=SHIPPED/)
    await page.getByTestId('empty-state').waitFor()
    await page.getByRole('button', { name: 'Paid', exact: true }).click()
    await row.waitFor()
    await screenshots('orders')
  })

  step('shows the used coupon, the wallet and the address book', async () => {
    await page.goto('/account/coupons')
    await page.getByRole('button', { name: 'Used' }).click()
    await shows(page.getByTestId('coupon'), 'E2E welcome')
    await screenshots('coupons')
    await page.goto('/account/wallet')
    await shows(page.getByTestId('balance'), '$0.00')
    await screenshots('wallet')
    await page.goto('/account/addresses')
    await shows(page.getByTestId('address'), '1 Market St')
    await page.getByTestId('default-badge').waitFor()
    await screenshots('addresses')
  })

  step('lets an admin find the order and ship it, with the tracking note checked', async () => {
    await page.setViewportSize(DESKTOP)
    await logOut()
    await logIn('admin', mall.credentials.admin)
    await page.goto('/admin/orders')
    await page.getByTestId('admin-order-user').fill('nobody_by_this_name')
    await shows(page.locator('[data-field="user"]'), /no user/i)
    await page.getByTestId('admin-order-user').fill(shopper.username)
    await page.getByTestId('admin-order-status').selectOption('PAID')
    const row = page.locator(`[data-testid="admin-order-row"][data-number="${orderNumber}"]`)
    await row.waitFor()
    assert.equal(await page.getByTestId('admin-order-row').count(), 1)
    await screenshots('admin-orders')

    await row.getByRole('link').click()
    await page.getByTestId('ship-form').waitFor()
    await page.getByRole('button', { name: 'Mark shipped' }).click()
    await shows(page.locator('[data-field="tracking-note"]'), /tracking note/i)
    await page.getByLabel('Tracking note').fill('UPS 1Z999AA10123456784')
    await page.getByRole('button', { name: 'Mark shipped' }).click()
    await shows(page.getByTestId('order-status'), 'Shipped')
    await shows(page.locator('[data-step="shipped"]'), 'UPS 1Z999AA10123456784')
    await screenshots('admin-order')
  })

  step('lets an admin create a coupon template (errors by field) and grant it', async () => {
    await page.goto('/admin/coupons')
    const form = page.getByTestId('coupon-template-form')
    await form.getByRole('button', { name: 'Create template' }).click()
    await shows(page.locator('[data-field="ct-value"]'), /number/)
    await page.getByLabel('Amount off (USD)').fill('3')
    await form.getByRole('button', { name: 'Create template' }).click()
    await shows(page.locator('[data-field="ct-name"]'), /name of 1 to 100/)
    await page.getByLabel('Name').fill('E2E loyalty')
    await form.getByRole('button', { name: 'Create template' }).click()
    const row = page.locator('tr[data-template="E2E loyalty"]')
    await row.waitFor()
    await row.getByTestId('grant-username').fill(shopper.username)
    await row.getByTestId('grant').click()
    await shows(row.getByTestId('granted'), `Granted to ${shopper.username}`)
    await screenshots('admin-coupons')
  })

  step('shows the shopper the order shipped, with its tracking note', async () => {
    await logOut()
    await logIn(shopper.username, shopper.password)
    await page.goto(orderPath)
    await shows(page.getByTestId('order-status'), 'Shipped')
    await shows(page.locator('[data-step="shipped"]'), 'UPS 1Z999AA10123456784')
    assert.equal(await page.getByTestId('cancel-order').count(), 0, 'a shipped order cannot be cancelled')
    await screenshots('order-shipped')
    await page.goto('/account/coupons')
    await shows(page.getByTestId('coupon'), 'E2E loyalty')
  })

  step('logged no console errors', () => {
    assert.deepEqual(browser.consoleErrors, [])
  })
})
