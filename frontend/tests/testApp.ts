// Mount a component the way the app runs it: a router (memory history) and a urql client.
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import urql, { type Client } from '@urql/vue'
import { mount, flushPromises } from '@vue/test-utils'

const Blank = defineComponent({ render: () => h('div', { class: 'blank' }) })

export async function mountAt(
  component: object,
  path: string,
  client: Client,
  { props = {}, routes = [] }: { props?: Record<string, unknown>; routes?: RouteRecordRaw[] } = {},
) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Blank },
      { path: '/login', name: 'login', component: Blank },
      { path: '/register', name: 'register', component: Blank },
      { path: '/account', name: 'account', component: Blank },
      { path: '/products/:id', name: 'product', component: Blank },
      { path: '/categories/:id', name: 'category', component: Blank },
      ...routes,
    ],
  })
  await router.push(path)
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [router, [urql, client]] } })
  await flushPromises()
  return { wrapper, router }
}
