// Favourites (the wishlist): the documents, and which products are favourites, per shopper.
// Product has no "is it a favourite" field, so the IDs of the shopper's first 100 favourites are
// fetched once per login and kept here; toggling updates them.
import { ref, watch } from 'vue'
import type { Client } from '@urql/vue'
import { graphql } from '@/gql'
import { session } from '@/lib/session'

export const FAVOURITE_IDS_LIMIT = 100

export const FavouriteIdsDocument = graphql(`
  query FavouriteIds($first: Int!) {
    favourites(first: $first) { edges { node { id } } }
  }
`)

export const FavouritesDocument = graphql(`
  query Favourites($first: Int!, $after: String) {
    favourites(first: $first, after: $after) {
      edges { node { ...ProductCard } }
      pageInfo { hasNextPage endCursor }
    }
  }
`)

export const AddFavouriteDocument = graphql(`
  mutation AddFavourite($productId: ID!) {
    addFavourite(productId: $productId) {
      product { id }
      errors { field code message }
    }
  }
`)

export const RemoveFavouriteDocument = graphql(`
  mutation RemoveFavourite($productId: ID!) {
    removeFavourite(productId: $productId) {
      product { id }
      errors { field code message }
    }
  }
`)

/** Favourite product IDs of whoever is logged in; null until known. */
export const favouriteIds = ref<ReadonlySet<string> | null>(null)
let loadedFor: { userId: string; client: Client } | null = null

export async function loadFavouriteIds(client: Client): Promise<void> {
  const userId = session.user?.id
  if (!userId) {
    favouriteIds.value = null
    return
  }
  if (loadedFor?.userId === userId && loadedFor.client === client) return
  loadedFor = { userId, client }
  const result = await client.query(FavouriteIdsDocument, { first: FAVOURITE_IDS_LIMIT }, { requestPolicy: 'network-only' }).toPromise()
  if (loadedFor?.userId !== userId) return // logged out or switched meanwhile
  const page = result.data?.favourites
  if (!page) {
    loadedFor = null // try again next time
    return
  }
  favouriteIds.value = new Set(page.edges.map((e) => e.node.id))
}

export function markFavourite(productId: string, favourite: boolean): void {
  const next = new Set(favouriteIds.value ?? [])
  if (favourite) next.add(productId)
  else next.delete(productId)
  favouriteIds.value = next
}

watch(
  () => session.user?.id,
  () => {
    loadedFor = null
    favouriteIds.value = null
  },
)
