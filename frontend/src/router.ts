// Routes by domain; every page is its own chunk, so the admin never weighs on the storefront's first load.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { isAdmin, isLoggedIn, whenReady } from '@/lib/session'
import { ORDER_STATUSES } from '@/pages/orders/orderStatus'

declare module 'vue-router' {
  interface RouteMeta {
    requiresLogin?: boolean
    requiresAdmin?: boolean
    title?: string
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
const orderStatus = (value: unknown) => ORDER_STATUSES.find((s) => s === value)
const mine = (title: string) => ({ requiresLogin: true, title })

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('@/pages/catalog/HomePage.vue'), meta: { title: 'Home' } },
  { path: '/categories', name: 'categories', component: () => import('@/pages/catalog/CategoryPage.vue'), meta: { title: 'Categories' } },
  { path: '/categories/:id', name: 'category', component: () => import('@/pages/catalog/CategoryPage.vue'), props: true, meta: { title: 'Category' } },
  { path: '/search', name: 'search', component: () => import('@/pages/catalog/SearchPage.vue'), props: (route) => ({ q: text(route.query.q) }), meta: { title: 'Search' } },
  { path: '/products/:id', name: 'product', component: () => import('@/pages/catalog/ProductPage.vue'), props: true, meta: { title: 'Product' } },
  { path: '/assistant', name: 'assistant', component: () => import('@/pages/assistant/AssistantPage.vue'), props: (route) => ({ q: text(route.query.q), budget: text(route.query.budget) }), meta: { title: 'Shopping assistant' } },
  { path: '/login', name: 'login', component: () => import('@/pages/account/LoginPage.vue'), props: (route) => ({ redirect: text(route.query.redirect) }), meta: { title: 'Log in' } },
  { path: '/register', name: 'register', component: () => import('@/pages/account/RegisterPage.vue'), props: (route) => ({ redirect: text(route.query.redirect) }), meta: { title: 'Create an account' } },
  { path: '/account', name: 'account', component: () => import('@/pages/account/ProfilePage.vue'), meta: { requiresLogin: true, title: 'Your account' } },
  { path: '/account/addresses', name: 'addresses', component: () => import('@/pages/addresses/AddressBookPage.vue'), meta: mine('Addresses') },
  { path: '/account/coupons', name: 'coupons', component: () => import('@/pages/coupons/MyCouponsPage.vue'), meta: mine('Your coupons') },
  { path: '/account/wallet', name: 'wallet', component: () => import('@/pages/wallet/WalletPage.vue'), meta: mine('Wallet') },
  { path: '/account/favourites', name: 'favourites', component: () => import('@/pages/favourites/FavouritesPage.vue'), meta: mine('Favourites') },
  { path: '/account/loans', name: 'loans', component: () => import('@/pages/loans/LoanPage.vue'), meta: mine('Loans') },
  { path: '/cart', name: 'cart', component: () => import('@/pages/cart/CartPage.vue'), props: (route) => ({ coupon: text(route.query.coupon) }), meta: mine('Your cart') },
  { path: '/checkout', name: 'checkout', component: () => import('@/pages/orders/CheckoutPage.vue'), props: (route) => ({ coupon: text(route.query.coupon) }), meta: mine('Checkout') },
  { path: '/orders', name: 'orders', component: () => import('@/pages/orders/OrderListPage.vue'), props: (route) => ({ status: orderStatus(route.query.status) }), meta: mine('Your orders') },
  { path: '/orders/:id', name: 'order', component: () => import('@/pages/orders/OrderDetailPage.vue'), props: (route) => ({ id: route.params.id, paid: route.query.paid === '1' }), meta: mine('Order') },
  { path: '/orders/:id/pay', name: 'pay', component: () => import('@/pages/orders/PaymentPage.vue'), props: true, meta: mine('Payment') },
  {
    path: '/admin',
    component: () => import('@/pages/admin/AdminLayout.vue'),
    meta: { requiresLogin: true, requiresAdmin: true },
    children: [
      { path: '', redirect: { name: 'admin-products' } },
      { path: 'products', name: 'admin-products', component: () => import('@/pages/admin/AdminProductsPage.vue'), meta: { title: 'Products · Admin' } },
      { path: 'products/new', name: 'admin-product-new', component: () => import('@/pages/admin/AdminProductEditPage.vue'), meta: { title: 'New product · Admin' } },
      { path: 'products/:id', name: 'admin-product-edit', component: () => import('@/pages/admin/AdminProductEditPage.vue'), props: true, meta: { title: 'Edit product · Admin' } },
      { path: 'categories', name: 'admin-categories', component: () => import('@/pages/admin/AdminCategoriesPage.vue'), meta: { title: 'Categories · Admin' } },
      { path: 'home', name: 'admin-home', component: () => import('@/pages/admin/AdminHomePage.vue'), meta: { title: 'Home page · Admin' } },
      { path: 'users', name: 'admin-users', component: () => import('@/pages/admin/AdminUsersPage.vue'), meta: { title: 'Users · Admin' } },
      { path: 'orders', name: 'admin-orders', component: () => import('@/pages/admin/AdminOrdersPage.vue'), meta: { title: 'Orders · Admin' } },
      { path: 'orders/:id', name: 'admin-order', component: () => import('@/pages/admin/AdminOrderPage.vue'), props: true, meta: { title: 'Order · Admin' } },
      { path: 'loans', name: 'admin-loans', component: () => import('@/pages/admin/AdminLoansPage.vue'), meta: { title: 'Loans · Admin' } },
      { path: 'coupons', name: 'admin-coupons', component: () => import('@/pages/admin/AdminCouponsPage.vue'), meta: { title: 'Coupons · Admin' } },
      { path: 'pricing', name: 'admin-pricing', component: () => import('@/pages/admin/AdminPricingPage.vue'), meta: { title: 'Price suggestions · Admin' } },
      { path: 'jobs', name: 'admin-jobs', component: () => import('@/pages/admin/AdminJobsPage.vue'), meta: { title: 'Jobs · Admin' } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { title: 'Not found' } },
]

export function createMallRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  router.beforeEach(async (to) => {
    if (!to.meta.requiresLogin && !to.meta.requiresAdmin) return true
    await whenReady()
    if (!isLoggedIn.value) return { name: 'login', query: { redirect: to.fullPath } }
    if (to.meta.requiresAdmin && !isAdmin.value) return { name: 'not-found', params: { pathMatch: to.path.slice(1).split('/') } }
    return true
  })
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · The mall` : 'The mall'
  })
  return router
}
