/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AdminCouponTemplate on CouponTemplate {\n    id name kind value minSpend validFrom validUntil totalQuantity granted perUserLimit categoryId\n  }\n": typeof types.AdminCouponTemplateFragmentDoc,
    "\n  query CouponTemplates($first: Int!, $after: String) {\n    couponTemplates(first: $first, after: $after) {\n      edges { node { ...AdminCouponTemplate } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.CouponTemplatesDocument,
    "\n  mutation CreateCouponTemplate($input: CouponTemplateInput!) {\n    createCouponTemplate(input: $input) {\n      template { ...AdminCouponTemplate }\n      errors { field code message }\n    }\n  }\n": typeof types.CreateCouponTemplateDocument,
    "\n  mutation GrantCoupon($templateId: ID!, $userId: ID!) {\n    grantCoupon(templateId: $templateId, userId: $userId) {\n      coupon { code template { id granted } }\n      errors { field code message }\n    }\n  }\n": typeof types.GrantCouponDocument,
    "\n  query AdminHome {\n    homePage {\n      carousel { title image product { id name } }\n      hot { id name }\n      new { id name }\n      recommended { id name }\n    }\n  }\n": typeof types.AdminHomeDocument,
    "\n  mutation SetHomeCarousel($items: [CarouselItemInput!]!) {\n    setHomeCarousel(items: $items) {\n      home { carousel { title image product { id name } } }\n      errors { field code message }\n    }\n  }\n": typeof types.SetHomeCarouselDocument,
    "\n  mutation SetHomeShelf($shelf: HomeShelf!, $productIds: [ID!]!) {\n    setHomeShelf(shelf: $shelf, productIds: $productIds) {\n      home { hot { id name } new { id name } recommended { id name } }\n      errors { field code message }\n    }\n  }\n": typeof types.SetHomeShelfDocument,
    "\n  query Jobs($first: Int!, $after: String, $filter: JobFilterInput) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminJob } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.JobsDocument,
    "\n  query JobKinds { jobKinds { name description argsSchema } }\n": typeof types.JobKindsDocument,
    "\n  mutation StartJob($kind: String!, $args: JSON) {\n    startJob(kind: $kind, args: $args) {\n      job { ...AdminJob }\n      errors { field code message }\n    }\n  }\n": typeof types.StartJobDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      job { ...AdminJob }\n      errors { field code message }\n    }\n  }\n": typeof types.CancelJobDocument,
    "\n  fragment AdminLoanRow on Loan {\n    id purpose principal aprPercent termMonths totalDue amountRepaid outstanding status couponCode disbursedAt repaidAt\n    user { id username }\n    installments { number dueDate principal interest amountDue amountPaid status paidAt }\n  }\n": typeof types.AdminLoanRowFragmentDoc,
    "\n  query AdminLoans($first: Int!, $after: String, $filter: LoanFilterInput) {\n    loans(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminLoanRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AdminLoansDocument,
    "\n  fragment AdminOrder on Order {\n    id number status subtotal discount total couponCode paymentMethod trackingNote closeReason\n    createdAt paidAt shippedAt completedAt closedAt\n    user { id username nickname }\n    shippingAddress { name phone province city district detail }\n    items { productId productName unitPrice quantity lineTotal }\n  }\n": typeof types.AdminOrderFragmentDoc,
    "\n  query AdminOrder($id: ID!) { order(id: $id) { ...AdminOrder } }\n": typeof types.AdminOrderDocument,
    "\n  mutation ShipOrder($orderId: ID!, $trackingNote: String!) {\n    shipOrder(orderId: $orderId, trackingNote: $trackingNote) {\n      order { ...AdminOrder }\n      errors { field code message }\n    }\n  }\n": typeof types.ShipOrderDocument,
    "\n  mutation CloseOrder($orderId: ID!, $reason: String!) {\n    closeOrder(orderId: $orderId, reason: $reason) {\n      order { ...AdminOrder }\n      errors { field code message }\n    }\n  }\n": typeof types.CloseOrderDocument,
    "\n  fragment AdminOrderRow on Order {\n    id number status total createdAt\n    user { id username }\n    items { quantity }\n  }\n": typeof types.AdminOrderRowFragmentDoc,
    "\n  query AdminOrders($first: Int!, $after: String, $filter: OrderFilterInput) {\n    adminOrders(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminOrderRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AdminOrdersDocument,
    "\n  fragment AdminPriceSuggestion on PriceSuggestion {\n    id suggestedPrice previousPrice modelPrice source model status createdAt decidedAt\n    product { id name price coverImage }\n    reason { summary capped comparablesPrice comparables { productId name price size unitPrice } }\n  }\n": typeof types.AdminPriceSuggestionFragmentDoc,
    "\n  query PriceSuggestions($first: Int!, $after: String, $status: PriceSuggestionStatus) {\n    priceSuggestions(first: $first, after: $after, status: $status) {\n      edges { node { ...AdminPriceSuggestion } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.PriceSuggestionsDocument,
    "\n  mutation AcceptPriceSuggestion($id: ID!, $price: Decimal, $confirmLargerChange: Boolean! = false) {\n    acceptPriceSuggestion(id: $id, price: $price, confirmLargerChange: $confirmLargerChange) {\n      suggestion { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n": typeof types.AcceptPriceSuggestionDocument,
    "\n  mutation RejectPriceSuggestion($id: ID!) {\n    rejectPriceSuggestion(id: $id) {\n      suggestion { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n": typeof types.RejectPriceSuggestionDocument,
    "\n  mutation AcceptPriceSuggestions($ids: [ID!]!) {\n    acceptPriceSuggestions(ids: $ids) {\n      suggestions { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n": typeof types.AcceptPriceSuggestionsDocument,
    "\n  fragment AdminProductForm on Product {\n    id name intro detail coverImage images originalPrice price stock onSale asin sales rating ratingCount\n    category { id name }\n  }\n": typeof types.AdminProductFormFragmentDoc,
    "\n  query AdminProduct($id: ID!) { product(id: $id) { ...AdminProductForm } }\n": typeof types.AdminProductDocument,
    "\n  mutation CreateProduct($input: ProductInput!) {\n    createProduct(input: $input) { product { ...AdminProductForm } errors { field code message } }\n  }\n": typeof types.CreateProductDocument,
    "\n  mutation UpdateProduct($id: ID!, $input: ProductInput!) {\n    updateProduct(id: $id, input: $input) { product { ...AdminProductForm } errors { field code message } }\n  }\n": typeof types.UpdateProductDocument,
    "\n  fragment AdminProductRow on Product { id name price stock onSale sales coverImage category { id name } }\n": typeof types.AdminProductRowFragmentDoc,
    "\n  query AdminProducts($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort!) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges { node { ...AdminProductRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AdminProductsDocument,
    "\n  mutation SetProductOnSale($id: ID!, $onSale: Boolean!) {\n    setProductOnSale(id: $id, onSale: $onSale) {\n      product { ...AdminProductRow }\n      errors { field code message }\n    }\n  }\n": typeof types.SetProductOnSaleDocument,
    "\n  fragment AdminUserRow on User { id username nickname role isLocked createdAt }\n": typeof types.AdminUserRowFragmentDoc,
    "\n  query AdminUsers($first: Int!, $after: String, $search: String, $locked: Boolean) {\n    users(first: $first, after: $after, search: $search, locked: $locked) {\n      edges { node { ...AdminUserRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  mutation SetUserLocked($userId: ID!, $locked: Boolean!) {\n    setUserLocked(userId: $userId, locked: $locked) {\n      user { ...AdminUserRow }\n      errors { field code message }\n    }\n  }\n": typeof types.SetUserLockedDocument,
    "\n  query SuggestCategory($name: String!, $description: String) {\n    suggestCategory(name: $name, description: $description) {\n      suggestions { confidence category { id name } }\n      errors { field code message }\n    }\n  }\n": typeof types.SuggestCategoryDocument,
    "\n  query ModelReports { modelReports { name description url sizeBytes updatedAt } }\n": typeof types.ModelReportsDocument,
    "\n  query PickProducts($keyword: String!) {\n    products(first: 8, filter: { keyword: $keyword, onSaleOnly: false }, sort: SALES) {\n      edges { node { id name price onSale } }\n    }\n  }\n": typeof types.PickProductsDocument,
    "\n  mutation CreateCategory($name: String!, $parentId: ID) {\n    createCategory(name: $name, parentId: $parentId) { category { id name level position } errors { field code message } }\n  }\n": typeof types.CreateCategoryDocument,
    "\n  mutation UpdateCategory($id: ID!, $name: String!) {\n    updateCategory(id: $id, name: $name) { category { id name level position } errors { field code message } }\n  }\n": typeof types.UpdateCategoryDocument,
    "\n  mutation DeleteCategory($id: ID!) {\n    deleteCategory(id: $id) { category { id } errors { field code message } }\n  }\n": typeof types.DeleteCategoryDocument,
    "\n  mutation ReorderCategories($orderedIds: [ID!]!, $parentId: ID) {\n    reorderCategories(orderedIds: $orderedIds, parentId: $parentId) { categories { id position } errors { field code message } }\n  }\n": typeof types.ReorderCategoriesDocument,
    "\n  fragment AdminJob on Job {\n    id kind args state progress message attempts cancelRequested result error createdAt startedAt finishedAt updatedAt\n  }\n": typeof types.AdminJobFragmentDoc,
    "\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) { ...AdminJob }\n  }\n": typeof types.JobProgressDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) { ...AdminJob }\n  }\n": typeof types.JobDocument,
    "\n  query FindUser($search: String!) {\n    users(first: 20, search: $search) { edges { node { id username } } }\n  }\n": typeof types.FindUserDocument,
};
const documents: Documents = {
    "\n  fragment AdminCouponTemplate on CouponTemplate {\n    id name kind value minSpend validFrom validUntil totalQuantity granted perUserLimit categoryId\n  }\n": types.AdminCouponTemplateFragmentDoc,
    "\n  query CouponTemplates($first: Int!, $after: String) {\n    couponTemplates(first: $first, after: $after) {\n      edges { node { ...AdminCouponTemplate } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.CouponTemplatesDocument,
    "\n  mutation CreateCouponTemplate($input: CouponTemplateInput!) {\n    createCouponTemplate(input: $input) {\n      template { ...AdminCouponTemplate }\n      errors { field code message }\n    }\n  }\n": types.CreateCouponTemplateDocument,
    "\n  mutation GrantCoupon($templateId: ID!, $userId: ID!) {\n    grantCoupon(templateId: $templateId, userId: $userId) {\n      coupon { code template { id granted } }\n      errors { field code message }\n    }\n  }\n": types.GrantCouponDocument,
    "\n  query AdminHome {\n    homePage {\n      carousel { title image product { id name } }\n      hot { id name }\n      new { id name }\n      recommended { id name }\n    }\n  }\n": types.AdminHomeDocument,
    "\n  mutation SetHomeCarousel($items: [CarouselItemInput!]!) {\n    setHomeCarousel(items: $items) {\n      home { carousel { title image product { id name } } }\n      errors { field code message }\n    }\n  }\n": types.SetHomeCarouselDocument,
    "\n  mutation SetHomeShelf($shelf: HomeShelf!, $productIds: [ID!]!) {\n    setHomeShelf(shelf: $shelf, productIds: $productIds) {\n      home { hot { id name } new { id name } recommended { id name } }\n      errors { field code message }\n    }\n  }\n": types.SetHomeShelfDocument,
    "\n  query Jobs($first: Int!, $after: String, $filter: JobFilterInput) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminJob } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.JobsDocument,
    "\n  query JobKinds { jobKinds { name description argsSchema } }\n": types.JobKindsDocument,
    "\n  mutation StartJob($kind: String!, $args: JSON) {\n    startJob(kind: $kind, args: $args) {\n      job { ...AdminJob }\n      errors { field code message }\n    }\n  }\n": types.StartJobDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      job { ...AdminJob }\n      errors { field code message }\n    }\n  }\n": types.CancelJobDocument,
    "\n  fragment AdminLoanRow on Loan {\n    id purpose principal aprPercent termMonths totalDue amountRepaid outstanding status couponCode disbursedAt repaidAt\n    user { id username }\n    installments { number dueDate principal interest amountDue amountPaid status paidAt }\n  }\n": types.AdminLoanRowFragmentDoc,
    "\n  query AdminLoans($first: Int!, $after: String, $filter: LoanFilterInput) {\n    loans(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminLoanRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AdminLoansDocument,
    "\n  fragment AdminOrder on Order {\n    id number status subtotal discount total couponCode paymentMethod trackingNote closeReason\n    createdAt paidAt shippedAt completedAt closedAt\n    user { id username nickname }\n    shippingAddress { name phone province city district detail }\n    items { productId productName unitPrice quantity lineTotal }\n  }\n": types.AdminOrderFragmentDoc,
    "\n  query AdminOrder($id: ID!) { order(id: $id) { ...AdminOrder } }\n": types.AdminOrderDocument,
    "\n  mutation ShipOrder($orderId: ID!, $trackingNote: String!) {\n    shipOrder(orderId: $orderId, trackingNote: $trackingNote) {\n      order { ...AdminOrder }\n      errors { field code message }\n    }\n  }\n": types.ShipOrderDocument,
    "\n  mutation CloseOrder($orderId: ID!, $reason: String!) {\n    closeOrder(orderId: $orderId, reason: $reason) {\n      order { ...AdminOrder }\n      errors { field code message }\n    }\n  }\n": types.CloseOrderDocument,
    "\n  fragment AdminOrderRow on Order {\n    id number status total createdAt\n    user { id username }\n    items { quantity }\n  }\n": types.AdminOrderRowFragmentDoc,
    "\n  query AdminOrders($first: Int!, $after: String, $filter: OrderFilterInput) {\n    adminOrders(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminOrderRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AdminOrdersDocument,
    "\n  fragment AdminPriceSuggestion on PriceSuggestion {\n    id suggestedPrice previousPrice modelPrice source model status createdAt decidedAt\n    product { id name price coverImage }\n    reason { summary capped comparablesPrice comparables { productId name price size unitPrice } }\n  }\n": types.AdminPriceSuggestionFragmentDoc,
    "\n  query PriceSuggestions($first: Int!, $after: String, $status: PriceSuggestionStatus) {\n    priceSuggestions(first: $first, after: $after, status: $status) {\n      edges { node { ...AdminPriceSuggestion } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.PriceSuggestionsDocument,
    "\n  mutation AcceptPriceSuggestion($id: ID!, $price: Decimal, $confirmLargerChange: Boolean! = false) {\n    acceptPriceSuggestion(id: $id, price: $price, confirmLargerChange: $confirmLargerChange) {\n      suggestion { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n": types.AcceptPriceSuggestionDocument,
    "\n  mutation RejectPriceSuggestion($id: ID!) {\n    rejectPriceSuggestion(id: $id) {\n      suggestion { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n": types.RejectPriceSuggestionDocument,
    "\n  mutation AcceptPriceSuggestions($ids: [ID!]!) {\n    acceptPriceSuggestions(ids: $ids) {\n      suggestions { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n": types.AcceptPriceSuggestionsDocument,
    "\n  fragment AdminProductForm on Product {\n    id name intro detail coverImage images originalPrice price stock onSale asin sales rating ratingCount\n    category { id name }\n  }\n": types.AdminProductFormFragmentDoc,
    "\n  query AdminProduct($id: ID!) { product(id: $id) { ...AdminProductForm } }\n": types.AdminProductDocument,
    "\n  mutation CreateProduct($input: ProductInput!) {\n    createProduct(input: $input) { product { ...AdminProductForm } errors { field code message } }\n  }\n": types.CreateProductDocument,
    "\n  mutation UpdateProduct($id: ID!, $input: ProductInput!) {\n    updateProduct(id: $id, input: $input) { product { ...AdminProductForm } errors { field code message } }\n  }\n": types.UpdateProductDocument,
    "\n  fragment AdminProductRow on Product { id name price stock onSale sales coverImage category { id name } }\n": types.AdminProductRowFragmentDoc,
    "\n  query AdminProducts($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort!) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges { node { ...AdminProductRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AdminProductsDocument,
    "\n  mutation SetProductOnSale($id: ID!, $onSale: Boolean!) {\n    setProductOnSale(id: $id, onSale: $onSale) {\n      product { ...AdminProductRow }\n      errors { field code message }\n    }\n  }\n": types.SetProductOnSaleDocument,
    "\n  fragment AdminUserRow on User { id username nickname role isLocked createdAt }\n": types.AdminUserRowFragmentDoc,
    "\n  query AdminUsers($first: Int!, $after: String, $search: String, $locked: Boolean) {\n    users(first: $first, after: $after, search: $search, locked: $locked) {\n      edges { node { ...AdminUserRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AdminUsersDocument,
    "\n  mutation SetUserLocked($userId: ID!, $locked: Boolean!) {\n    setUserLocked(userId: $userId, locked: $locked) {\n      user { ...AdminUserRow }\n      errors { field code message }\n    }\n  }\n": types.SetUserLockedDocument,
    "\n  query SuggestCategory($name: String!, $description: String) {\n    suggestCategory(name: $name, description: $description) {\n      suggestions { confidence category { id name } }\n      errors { field code message }\n    }\n  }\n": types.SuggestCategoryDocument,
    "\n  query ModelReports { modelReports { name description url sizeBytes updatedAt } }\n": types.ModelReportsDocument,
    "\n  query PickProducts($keyword: String!) {\n    products(first: 8, filter: { keyword: $keyword, onSaleOnly: false }, sort: SALES) {\n      edges { node { id name price onSale } }\n    }\n  }\n": types.PickProductsDocument,
    "\n  mutation CreateCategory($name: String!, $parentId: ID) {\n    createCategory(name: $name, parentId: $parentId) { category { id name level position } errors { field code message } }\n  }\n": types.CreateCategoryDocument,
    "\n  mutation UpdateCategory($id: ID!, $name: String!) {\n    updateCategory(id: $id, name: $name) { category { id name level position } errors { field code message } }\n  }\n": types.UpdateCategoryDocument,
    "\n  mutation DeleteCategory($id: ID!) {\n    deleteCategory(id: $id) { category { id } errors { field code message } }\n  }\n": types.DeleteCategoryDocument,
    "\n  mutation ReorderCategories($orderedIds: [ID!]!, $parentId: ID) {\n    reorderCategories(orderedIds: $orderedIds, parentId: $parentId) { categories { id position } errors { field code message } }\n  }\n": types.ReorderCategoriesDocument,
    "\n  fragment AdminJob on Job {\n    id kind args state progress message attempts cancelRequested result error createdAt startedAt finishedAt updatedAt\n  }\n": types.AdminJobFragmentDoc,
    "\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) { ...AdminJob }\n  }\n": types.JobProgressDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) { ...AdminJob }\n  }\n": types.JobDocument,
    "\n  query FindUser($search: String!) {\n    users(first: 20, search: $search) { edges { node { id username } } }\n  }\n": types.FindUserDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminCouponTemplate on CouponTemplate {\n    id name kind value minSpend validFrom validUntil totalQuantity granted perUserLimit categoryId\n  }\n"): (typeof documents)["\n  fragment AdminCouponTemplate on CouponTemplate {\n    id name kind value minSpend validFrom validUntil totalQuantity granted perUserLimit categoryId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CouponTemplates($first: Int!, $after: String) {\n    couponTemplates(first: $first, after: $after) {\n      edges { node { ...AdminCouponTemplate } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query CouponTemplates($first: Int!, $after: String) {\n    couponTemplates(first: $first, after: $after) {\n      edges { node { ...AdminCouponTemplate } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCouponTemplate($input: CouponTemplateInput!) {\n    createCouponTemplate(input: $input) {\n      template { ...AdminCouponTemplate }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCouponTemplate($input: CouponTemplateInput!) {\n    createCouponTemplate(input: $input) {\n      template { ...AdminCouponTemplate }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GrantCoupon($templateId: ID!, $userId: ID!) {\n    grantCoupon(templateId: $templateId, userId: $userId) {\n      coupon { code template { id granted } }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation GrantCoupon($templateId: ID!, $userId: ID!) {\n    grantCoupon(templateId: $templateId, userId: $userId) {\n      coupon { code template { id granted } }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminHome {\n    homePage {\n      carousel { title image product { id name } }\n      hot { id name }\n      new { id name }\n      recommended { id name }\n    }\n  }\n"): (typeof documents)["\n  query AdminHome {\n    homePage {\n      carousel { title image product { id name } }\n      hot { id name }\n      new { id name }\n      recommended { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetHomeCarousel($items: [CarouselItemInput!]!) {\n    setHomeCarousel(items: $items) {\n      home { carousel { title image product { id name } } }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetHomeCarousel($items: [CarouselItemInput!]!) {\n    setHomeCarousel(items: $items) {\n      home { carousel { title image product { id name } } }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetHomeShelf($shelf: HomeShelf!, $productIds: [ID!]!) {\n    setHomeShelf(shelf: $shelf, productIds: $productIds) {\n      home { hot { id name } new { id name } recommended { id name } }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetHomeShelf($shelf: HomeShelf!, $productIds: [ID!]!) {\n    setHomeShelf(shelf: $shelf, productIds: $productIds) {\n      home { hot { id name } new { id name } recommended { id name } }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Jobs($first: Int!, $after: String, $filter: JobFilterInput) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminJob } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Jobs($first: Int!, $after: String, $filter: JobFilterInput) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminJob } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobKinds { jobKinds { name description argsSchema } }\n"): (typeof documents)["\n  query JobKinds { jobKinds { name description argsSchema } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartJob($kind: String!, $args: JSON) {\n    startJob(kind: $kind, args: $args) {\n      job { ...AdminJob }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation StartJob($kind: String!, $args: JSON) {\n    startJob(kind: $kind, args: $args) {\n      job { ...AdminJob }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      job { ...AdminJob }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      job { ...AdminJob }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminLoanRow on Loan {\n    id purpose principal aprPercent termMonths totalDue amountRepaid outstanding status couponCode disbursedAt repaidAt\n    user { id username }\n    installments { number dueDate principal interest amountDue amountPaid status paidAt }\n  }\n"): (typeof documents)["\n  fragment AdminLoanRow on Loan {\n    id purpose principal aprPercent termMonths totalDue amountRepaid outstanding status couponCode disbursedAt repaidAt\n    user { id username }\n    installments { number dueDate principal interest amountDue amountPaid status paidAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminLoans($first: Int!, $after: String, $filter: LoanFilterInput) {\n    loans(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminLoanRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query AdminLoans($first: Int!, $after: String, $filter: LoanFilterInput) {\n    loans(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminLoanRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminOrder on Order {\n    id number status subtotal discount total couponCode paymentMethod trackingNote closeReason\n    createdAt paidAt shippedAt completedAt closedAt\n    user { id username nickname }\n    shippingAddress { name phone province city district detail }\n    items { productId productName unitPrice quantity lineTotal }\n  }\n"): (typeof documents)["\n  fragment AdminOrder on Order {\n    id number status subtotal discount total couponCode paymentMethod trackingNote closeReason\n    createdAt paidAt shippedAt completedAt closedAt\n    user { id username nickname }\n    shippingAddress { name phone province city district detail }\n    items { productId productName unitPrice quantity lineTotal }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminOrder($id: ID!) { order(id: $id) { ...AdminOrder } }\n"): (typeof documents)["\n  query AdminOrder($id: ID!) { order(id: $id) { ...AdminOrder } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ShipOrder($orderId: ID!, $trackingNote: String!) {\n    shipOrder(orderId: $orderId, trackingNote: $trackingNote) {\n      order { ...AdminOrder }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation ShipOrder($orderId: ID!, $trackingNote: String!) {\n    shipOrder(orderId: $orderId, trackingNote: $trackingNote) {\n      order { ...AdminOrder }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseOrder($orderId: ID!, $reason: String!) {\n    closeOrder(orderId: $orderId, reason: $reason) {\n      order { ...AdminOrder }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CloseOrder($orderId: ID!, $reason: String!) {\n    closeOrder(orderId: $orderId, reason: $reason) {\n      order { ...AdminOrder }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminOrderRow on Order {\n    id number status total createdAt\n    user { id username }\n    items { quantity }\n  }\n"): (typeof documents)["\n  fragment AdminOrderRow on Order {\n    id number status total createdAt\n    user { id username }\n    items { quantity }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminOrders($first: Int!, $after: String, $filter: OrderFilterInput) {\n    adminOrders(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminOrderRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query AdminOrders($first: Int!, $after: String, $filter: OrderFilterInput) {\n    adminOrders(first: $first, after: $after, filter: $filter) {\n      edges { node { ...AdminOrderRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminPriceSuggestion on PriceSuggestion {\n    id suggestedPrice previousPrice modelPrice source model status createdAt decidedAt\n    product { id name price coverImage }\n    reason { summary capped comparablesPrice comparables { productId name price size unitPrice } }\n  }\n"): (typeof documents)["\n  fragment AdminPriceSuggestion on PriceSuggestion {\n    id suggestedPrice previousPrice modelPrice source model status createdAt decidedAt\n    product { id name price coverImage }\n    reason { summary capped comparablesPrice comparables { productId name price size unitPrice } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PriceSuggestions($first: Int!, $after: String, $status: PriceSuggestionStatus) {\n    priceSuggestions(first: $first, after: $after, status: $status) {\n      edges { node { ...AdminPriceSuggestion } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query PriceSuggestions($first: Int!, $after: String, $status: PriceSuggestionStatus) {\n    priceSuggestions(first: $first, after: $after, status: $status) {\n      edges { node { ...AdminPriceSuggestion } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptPriceSuggestion($id: ID!, $price: Decimal, $confirmLargerChange: Boolean! = false) {\n    acceptPriceSuggestion(id: $id, price: $price, confirmLargerChange: $confirmLargerChange) {\n      suggestion { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptPriceSuggestion($id: ID!, $price: Decimal, $confirmLargerChange: Boolean! = false) {\n    acceptPriceSuggestion(id: $id, price: $price, confirmLargerChange: $confirmLargerChange) {\n      suggestion { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectPriceSuggestion($id: ID!) {\n    rejectPriceSuggestion(id: $id) {\n      suggestion { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RejectPriceSuggestion($id: ID!) {\n    rejectPriceSuggestion(id: $id) {\n      suggestion { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptPriceSuggestions($ids: [ID!]!) {\n    acceptPriceSuggestions(ids: $ids) {\n      suggestions { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptPriceSuggestions($ids: [ID!]!) {\n    acceptPriceSuggestions(ids: $ids) {\n      suggestions { ...AdminPriceSuggestion }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminProductForm on Product {\n    id name intro detail coverImage images originalPrice price stock onSale asin sales rating ratingCount\n    category { id name }\n  }\n"): (typeof documents)["\n  fragment AdminProductForm on Product {\n    id name intro detail coverImage images originalPrice price stock onSale asin sales rating ratingCount\n    category { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminProduct($id: ID!) { product(id: $id) { ...AdminProductForm } }\n"): (typeof documents)["\n  query AdminProduct($id: ID!) { product(id: $id) { ...AdminProductForm } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProduct($input: ProductInput!) {\n    createProduct(input: $input) { product { ...AdminProductForm } errors { field code message } }\n  }\n"): (typeof documents)["\n  mutation CreateProduct($input: ProductInput!) {\n    createProduct(input: $input) { product { ...AdminProductForm } errors { field code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProduct($id: ID!, $input: ProductInput!) {\n    updateProduct(id: $id, input: $input) { product { ...AdminProductForm } errors { field code message } }\n  }\n"): (typeof documents)["\n  mutation UpdateProduct($id: ID!, $input: ProductInput!) {\n    updateProduct(id: $id, input: $input) { product { ...AdminProductForm } errors { field code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminProductRow on Product { id name price stock onSale sales coverImage category { id name } }\n"): (typeof documents)["\n  fragment AdminProductRow on Product { id name price stock onSale sales coverImage category { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminProducts($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort!) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges { node { ...AdminProductRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query AdminProducts($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort!) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges { node { ...AdminProductRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetProductOnSale($id: ID!, $onSale: Boolean!) {\n    setProductOnSale(id: $id, onSale: $onSale) {\n      product { ...AdminProductRow }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetProductOnSale($id: ID!, $onSale: Boolean!) {\n    setProductOnSale(id: $id, onSale: $onSale) {\n      product { ...AdminProductRow }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminUserRow on User { id username nickname role isLocked createdAt }\n"): (typeof documents)["\n  fragment AdminUserRow on User { id username nickname role isLocked createdAt }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($first: Int!, $after: String, $search: String, $locked: Boolean) {\n    users(first: $first, after: $after, search: $search, locked: $locked) {\n      edges { node { ...AdminUserRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query AdminUsers($first: Int!, $after: String, $search: String, $locked: Boolean) {\n    users(first: $first, after: $after, search: $search, locked: $locked) {\n      edges { node { ...AdminUserRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserLocked($userId: ID!, $locked: Boolean!) {\n    setUserLocked(userId: $userId, locked: $locked) {\n      user { ...AdminUserRow }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserLocked($userId: ID!, $locked: Boolean!) {\n    setUserLocked(userId: $userId, locked: $locked) {\n      user { ...AdminUserRow }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SuggestCategory($name: String!, $description: String) {\n    suggestCategory(name: $name, description: $description) {\n      suggestions { confidence category { id name } }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  query SuggestCategory($name: String!, $description: String) {\n    suggestCategory(name: $name, description: $description) {\n      suggestions { confidence category { id name } }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelReports { modelReports { name description url sizeBytes updatedAt } }\n"): (typeof documents)["\n  query ModelReports { modelReports { name description url sizeBytes updatedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PickProducts($keyword: String!) {\n    products(first: 8, filter: { keyword: $keyword, onSaleOnly: false }, sort: SALES) {\n      edges { node { id name price onSale } }\n    }\n  }\n"): (typeof documents)["\n  query PickProducts($keyword: String!) {\n    products(first: 8, filter: { keyword: $keyword, onSaleOnly: false }, sort: SALES) {\n      edges { node { id name price onSale } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCategory($name: String!, $parentId: ID) {\n    createCategory(name: $name, parentId: $parentId) { category { id name level position } errors { field code message } }\n  }\n"): (typeof documents)["\n  mutation CreateCategory($name: String!, $parentId: ID) {\n    createCategory(name: $name, parentId: $parentId) { category { id name level position } errors { field code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCategory($id: ID!, $name: String!) {\n    updateCategory(id: $id, name: $name) { category { id name level position } errors { field code message } }\n  }\n"): (typeof documents)["\n  mutation UpdateCategory($id: ID!, $name: String!) {\n    updateCategory(id: $id, name: $name) { category { id name level position } errors { field code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteCategory($id: ID!) {\n    deleteCategory(id: $id) { category { id } errors { field code message } }\n  }\n"): (typeof documents)["\n  mutation DeleteCategory($id: ID!) {\n    deleteCategory(id: $id) { category { id } errors { field code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReorderCategories($orderedIds: [ID!]!, $parentId: ID) {\n    reorderCategories(orderedIds: $orderedIds, parentId: $parentId) { categories { id position } errors { field code message } }\n  }\n"): (typeof documents)["\n  mutation ReorderCategories($orderedIds: [ID!]!, $parentId: ID) {\n    reorderCategories(orderedIds: $orderedIds, parentId: $parentId) { categories { id position } errors { field code message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminJob on Job {\n    id kind args state progress message attempts cancelRequested result error createdAt startedAt finishedAt updatedAt\n  }\n"): (typeof documents)["\n  fragment AdminJob on Job {\n    id kind args state progress message attempts cancelRequested result error createdAt startedAt finishedAt updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) { ...AdminJob }\n  }\n"): (typeof documents)["\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) { ...AdminJob }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Job($id: ID!) {\n    job(id: $id) { ...AdminJob }\n  }\n"): (typeof documents)["\n  query Job($id: ID!) {\n    job(id: $id) { ...AdminJob }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindUser($search: String!) {\n    users(first: 20, search: $search) { edges { node { id username } } }\n  }\n"): (typeof documents)["\n  query FindUser($search: String!) {\n    users(first: 20, search: $search) { edges { node { id username } } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;