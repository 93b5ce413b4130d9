// The category editor's operations, shared by the page and its recursive branches through provide/inject.
import type { InjectionKey, Ref } from 'vue'
import { graphql } from '@/pages/admin/gql'
import type { CategoryNode } from '@/pages/catalog/categoryTree'

export const CreateCategoryDocument = graphql(`
  mutation CreateCategory($name: String!, $parentId: ID) {
    createCategory(name: $name, parentId: $parentId) { category { id name level position } errors { field code message } }
  }
`)

export const UpdateCategoryDocument = graphql(`
  mutation UpdateCategory($id: ID!, $name: String!) {
    updateCategory(id: $id, name: $name) { category { id name level position } errors { field code message } }
  }
`)

export const DeleteCategoryDocument = graphql(`
  mutation DeleteCategory($id: ID!) {
    deleteCategory(id: $id) { category { id } errors { field code message } }
  }
`)

export const ReorderCategoriesDocument = graphql(`
  mutation ReorderCategories($orderedIds: [ID!]!, $parentId: ID) {
    reorderCategories(orderedIds: $orderedIds, parentId: $parentId) { categories { id position } errors { field code message } }
  }
`)

/** What a branch can ask for; each answers with the error to show next to the node, or null. */
export interface CategoryEditing {
  busy: Ref<boolean>
  create(name: string, parent: CategoryNode | null): Promise<string | null>
  rename(node: CategoryNode, name: string): Promise<string | null>
  remove(node: CategoryNode): Promise<string | null>
  move(node: CategoryNode, siblings: readonly CategoryNode[], offset: -1 | 1): Promise<string | null>
}

export const categoryEditingKey: InjectionKey<CategoryEditing> = Symbol('categoryEditing')
