// End to end against `mall serve` with the sample data: a shopper asks the shopping assistant for
// a basket within a budget and puts it all in the cart, keeps a favourite, then records their
// finances, gets loan offers with a repayment schedule, takes one and repays an instalment from
// the wallet; an admin starts a job and watches its progress live, finds no model reports yet and
// is told the category classifier is untrained when asking for a suggestion, then finds the
// shopper's loan by status and borrower and opens its instalments. Field errors first, every page
// also at phone width (no sideways scroll), no console errors. Setup only (the shopper's account)
// goes through GraphQL.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { openBrowser, storyStep } from './browser.mjs'
import { graphql, startMall } from './server.mjs'

const PHONE = { width: 375, height: 812 }
const DESKTOP = { width: 1280, height: 900 }

let mall
let browser
let page
const shopper = { username: `saver_${Date.now().toString(36)}`, password: 'correct horse battery' }

async function shows(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor()
}

async function noHorizontalScroll() {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `${page.url()} scrolls sideways by ${overflow}px at ${page.viewportSize().width}px`)
}

async function screenshots(name) {
  await browser.screenshot(name)
  await page.setViewportSize(PHONE)
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

const money = (text) => Number(text.replace(/[^0-9.]/g, ''))

/** A step of the story; on failure its page is kept as failed-<name>.png. */
const step = storyStep(() => browser)

describe('the assistant and loans', { concurrency: 1 }, () => {
  before(async () => {
    mall = await startMall()
    browser = await openBrowser(mall.url)
    page = browser.page
    const registered = await graphql(mall.url, 'mutation($input: RegisterInput!) { register(input: $input) { user { id } errors { message } } }', { input: shopper })
    assert.ok(registered.register.user, JSON.stringify(registered.register.errors))
  })

  after(async () => {
    await browser?.close()
    await mall?.stop()
  })

  step('asks the shopping assistant for a basket within a budget and adds it all to the cart', async () => {
    await logIn(shopper.username, shopper.password)
    await page.getByTestId('assistant-link').click()
    await page.waitForURL('**/assistant')
    await page.getByTestId('assistant-submit').click()
    await shows(page.locator('[data-field="assistant-request"]'), /what you need/i)

    await page.getByTestId('assistant-request').fill('friends are coming tomorrow, some fruit, snacks and something to drink')
    await page.getByTestId('assistant-budget-input').fill('forty')
    await page.getByTestId('assistant-submit').click()
    await shows(page.locator('[data-field="assistant-budget"]'), /budget such as/i)

    await page.getByTestId('assistant-budget-input').fill('40')
    await page.getByTestId('assistant-submit').click()
    await page.waitForURL(/\/assistant\?q=.*budget=40/)
    await page.getByTestId('assistant-basket').waitFor()
    assert.ok((await page.getByTestId('assistant-need').count()) >= 2, 'the request is itemised into several needs')
    const chosen = await page.getByTestId('assistant-choice').count()
    assert.ok(chosen >= 1, 'at least one need gets a product')
    assert.match(await page.getByTestId('assistant-reason').first().innerText(), /\S/)
    const total = await page.getByTestId('assistant-total').innerText()
    assert.match(total, /^\$\d[\d,]*\.\d\d$/)
    assert.ok(money(total) <= 40, `the basket (${total}) keeps to the budget`)
    assert.equal(await page.getByTestId('assistant-budget').innerText(), 'of a $40.00 budget')

    await page.getByTestId('assistant-add-all').click()
    await shows(page.getByTestId('assistant-added'), `Added ${chosen} product`)
    await shows(page.getByTestId('cart-count'), String(chosen))
    await screenshots('assistant')

    await page.getByTestId('cart-link').click()
    await page.waitForURL('**/cart')
    await page.getByTestId('cart-line').first().waitFor()
    assert.equal(await page.getByTestId('cart-line').count(), chosen)
  })

  step('keeps a product as a favourite', async () => {
    await page.goto('/assistant?q=coffee')
    await page.getByTestId('assistant-choice').first().getByRole('link').click()
    const name = await page.getByTestId('product-name').innerText()
    const toggle = page.getByTestId('favourite-toggle')
    await shows(toggle, 'Add to favourites')
    await toggle.click()
    await shows(toggle, 'In your favourites')
    await page.goto('/account/favourites')
    await shows(page.getByTestId('product-card'), name)
  })

  step('records the financial profile, with field errors first, and sees the credit score', async () => {
    await page.goto('/account/loans')
    await page.getByTestId('credit-score').waitFor()
    assert.match(await page.getByTestId('credit-score-value').innerText(), /^\d{3}$/)
    await shows(page.getByTestId('quote-disabled'), /save your finances first/i)
    assert.equal(await page.getByTestId('loan-wallet-balance').innerText(), '$0.00')

    await page.getByLabel('Your income a month').fill('lots')
    await page.getByTestId('save-profile').click()
    await shows(page.locator('[data-field="fp-income"]'), /monthly amount such as/i)
    await page.getByLabel('Your income a month').fill('99999999')
    await page.getByTestId('save-profile').click()
    await shows(page.locator('[data-field="fp-income"]'), /from 0 to 1000000/i)

    await page.getByLabel('Your income a month').fill('5000')
    await page.getByLabel('Debt payments a month').fill('200')
    await page.getByLabel('Dependents').selectOption('ONE')
    await page.getByTestId('save-profile').click()
    await page.getByTestId('profile-saved').waitFor()
    await page.getByTestId('loan-quote-form').waitFor()
    await screenshots('loans-profile')
  })

  step('gets loan offers with a repayment schedule, takes one and repays an instalment', async () => {
    await page.getByLabel('Amount (USD)').fill('10')
    await page.getByLabel('What is it for?').fill('A new fridge')
    await page.getByTestId('request-quote').click()
    await shows(page.locator('[data-field="lq-amount"]'), /loans run from/i)

    // a new account with nothing delivered yet starts at the $500 limit
    await page.getByLabel('Amount (USD)').fill('2000')
    await page.getByLabel('Term').selectOption('12')
    await page.getByTestId('request-quote').click()
    await shows(page.getByTestId('quote-decision'), /Over your credit limit for \$2,000\.00/)
    await shows(page.getByTestId('quote-limit'), /\$500\.00/)
    assert.equal(await page.getByTestId('credit-limit').innerText(), '$500.00')

    await page.getByLabel('Amount (USD)').fill('500')
    await page.getByTestId('request-quote').click()
    await shows(page.getByTestId('quote-decision'), /for \$500\.00 over 12 months/)
    assert.equal(await page.getByTestId('loan-offer').count(), 4)
    const offer = page.locator('[data-testid="loan-offer"][data-term="12"]')
    // the schedule of the term asked for shows under the offers; another term's on request
    const schedule = page.locator('[data-testid="offer-schedule"][data-term="12"]').getByTestId('repayment-schedule')
    await schedule.waitFor()
    assert.equal(await schedule.locator('tbody tr').count(), 12)
    assert.equal(await schedule.locator('tbody tr').last().locator('td').last().innerText(), '$0.00')
    assert.match(await offer.getByTestId('offer-monthly').innerText(), /^\$\d[\d,]*\.\d\d$/)
    await page.locator('[data-testid="loan-offer"][data-term="3"]').getByTestId('show-schedule').click()
    assert.equal(await page.locator('[data-testid="offer-schedule"][data-term="3"] tbody tr').count(), 3)
    await offer.getByTestId('show-schedule').click()
    await screenshots('loans-offers')

    await offer.getByTestId('accept-offer').click()
    const loan = page.getByTestId('loan').first()
    await loan.waitFor()
    await shows(page.getByTestId('loan-wallet-balance'), '$500.00')
    await shows(page.getByTestId('quote-disabled'), /repay your active loan/i)
    const owedBefore = money(await loan.getByTestId('loan-outstanding').innerText())

    await loan.getByTestId('repay-amount').fill('999999')
    await loan.getByTestId('repay').click()
    await shows(loan.locator('[data-field="amount"]'), /\S/)
    await loan.getByTestId('repay-amount').fill('100')
    await loan.getByTestId('repay').click()
    await shows(loan.getByTestId('repaid'), 'Repaid $100.00.')
    await shows(page.getByTestId('loan-wallet-balance'), '$400.00')
    assert.equal(money(await loan.getByTestId('loan-outstanding').innerText()), Math.round((owedBefore - 100) * 100) / 100)
    await screenshots('loans-repaid')
  })

  step('an admin starts a job and watches its progress live', async () => {
    await page.getByTestId('logout').click()
    await page.getByTestId('login-link').waitFor()
    await logIn('admin', mall.credentials.admin)
    await page.goto('/admin/jobs')
    await page.getByTestId('job-kind').selectOption('sleep')
    await page.getByTestId('job-args').fill('{"seconds": "long"}')
    await page.getByTestId('start-job').click()
    await shows(page.locator('[data-field="job-args"]'), /seconds/i)
    await page.getByTestId('job-args').fill('{"seconds": 4, "steps": 8}')
    await page.getByTestId('start-job').click()
    const row = page.getByTestId('job-row').filter({ hasText: 'sleep' }).first()
    // midway, the progress comes over the socket (the page says "live", not "checking every second")
    await page.waitForFunction(() => {
      const running = document.querySelector('[data-testid="job-row"][data-state="RUNNING"]')
      const progress = running?.querySelector('[data-testid="job-progress"]')?.textContent ?? ''
      return /^(?:[1-9]|[1-9]\d)%$/.test(progress) && running.textContent.includes('· live')
    })
    await shows(row.getByTestId('job-state'), 'Succeeded')
    assert.equal(await row.getByTestId('job-progress').innerText(), '100%')
    await screenshots('admin-jobs')
  })

  step('an admin sees no model reports yet, and is told to train the category classifier for a suggestion', async () => {
    // the demo data has run none of the review-tag jobs
    await page.goto('/admin/jobs')
    await shows(page.getByTestId('model-reports').getByTestId('empty-state'), 'No model reports yet')
    await page.goto('/admin/products/new')
    await page.locator('#product-name').fill('Stainless steel electric kettle')
    await page.getByTestId('suggest-category').click()
    await shows(page.locator('[data-field="category-suggest"]'), 'train_category_classifier')
    assert.match(await page.locator('[data-field="category-suggest"]').innerText(), /operator must run the train_category_classifier job \(mall tags classify\)/)
    await screenshots('admin-category-suggestion')
  })

  step('an admin finds the shopper\'s loan by status and borrower and opens its instalments', async () => {
    await page.goto('/admin')
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Loans' }).click()
    await page.waitForURL('**/admin/loans')
    const row = page.getByTestId('admin-loan-row').filter({ hasText: shopper.username })
    await row.waitFor()
    assert.equal(await row.getByTestId('admin-loan-state').innerText(), 'Active')
    assert.match(await row.innerText(), /\$500\.00/)

    await page.getByTestId('admin-loan-status').selectOption('REPAID')
    await shows(page.getByTestId('empty-state'), 'No loans match')
    await page.getByTestId('admin-loan-status').selectOption('ACTIVE')
    await page.getByTestId('admin-loan-user').fill(shopper.username)
    await row.waitFor()
    assert.equal(await page.getByTestId('admin-loan-row').count(), 1)

    await row.getByTestId('admin-loan-toggle').click()
    const schedule = page.getByTestId('admin-loan-schedule')
    await schedule.waitFor()
    assert.equal(await schedule.getByTestId('admin-loan-installment').count(), 12)
    // taken today: nothing is overdue yet
    assert.equal(await page.getByTestId('admin-loan-overdue').count(), 0)
    assert.match(await page.locator('tr.detail').innerText(), /repaid \$100\.00/)
    await screenshots('admin-loans')
  })

  step('logged no console errors', () => {
    assert.deepEqual(browser.consoleErrors, [])
  })
})
