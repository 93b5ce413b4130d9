import { createApp } from 'vue'
import urql from '@urql/vue'
import App from './App.vue'
import { client } from './graphql/client'
import { createMallRouter } from './router'
import { loadSession } from './pages/account/sessionDocuments'
import './styles.css'

const app = createApp(App)
app.use(urql, client)
app.use(createMallRouter())
void loadSession(client.value)
app.mount('#app')
