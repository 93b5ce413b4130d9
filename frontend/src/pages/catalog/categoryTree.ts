// The 3-level category tree: one query shared by the header menu, category pages and the admin.
import { computed } from 'vue'
import { useQuery } from '@urql/vue'
import { graphql } from '@/gql'
import type { CategoryTreeQuery } from '@/gql/graphql'

export const CategoryTreeDocument = graphql(`
  query CategoryTree {
    categories {
      category { id name level position }
      children {
        category { id name level position }
        children {
          category { id name level position }
        }
      }
    }
  }
`)

export interface CategoryNode {
  id: string
  name: string
  level: number
  position: number
  children: CategoryNode[]
  /** from the top level down to this node's parent */
  ancestors: CategoryNode[]
}

type TreeLike = { category: { id: string; name: string; level: number; position: number }; children?: TreeLike[] }

export function toNodes(trees: readonly TreeLike[], ancestors: CategoryNode[] = []): CategoryNode[] {
  return trees.map((tree) => {
    const node: CategoryNode = { ...tree.category, children: [], ancestors }
    node.children = toNodes(tree.children ?? [], [...ancestors, node])
    return node
  })
}

export function findNode(nodes: readonly CategoryNode[], id: string): CategoryNode | null {
  for (const node of nodes) {
    if (node.id === id) return node
    const found = findNode(node.children, id)
    if (found) return found
  }
  return null
}

export function leaves(nodes: readonly CategoryNode[]): CategoryNode[] {
  return nodes.flatMap((node) => (node.children.length || node.level < 3 ? leaves(node.children) : [node]))
}

export function useCategoryTree(options: { fresh?: boolean } = {}) {
  const query = useQuery({
    query: CategoryTreeDocument,
    requestPolicy: options.fresh ? 'network-only' : 'cache-first',
  })
  const nodes = computed(() => toNodes((query.data.value as CategoryTreeQuery | undefined)?.categories ?? []))
  return { ...query, nodes }
}
