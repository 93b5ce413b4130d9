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
    "\n  fragment ProductCard on Product {\n    id\n    name\n    coverImage\n    price\n    originalPrice\n    rating\n    ratingCount\n    stock\n  }\n": typeof types.ProductCardFragmentDoc,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation UploadAvatar($avatar: Upload!) {\n    uploadAvatar(avatar: $avatar) {\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n": typeof types.UploadAvatarDocument,
    "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      token\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      user { id }\n      errors { field code message }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  fragment SessionUser on User { id username nickname signature role avatarUrl isLocked createdAt }\n": typeof types.SessionUserFragmentDoc,
    "\n  query Me { me { ...SessionUser } }\n": typeof types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation SetDefaultAddress($id: ID!) {\n    setDefaultAddress(id: $id) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n": typeof types.SetDefaultAddressDocument,
    "\n  mutation DeleteAddress($id: ID!) {\n    deleteAddress(id: $id) {\n      address { id }\n      errors { field code message }\n    }\n  }\n": typeof types.DeleteAddressDocument,
    "\n  mutation CreateAddress($input: AddressInput!) {\n    createAddress(input: $input) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n": typeof types.CreateAddressDocument,
    "\n  mutation UpdateAddress($id: ID!, $input: AddressInput!) {\n    updateAddress(id: $id, input: $input) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n": typeof types.UpdateAddressDocument,
    "\n  fragment AddressFields on Address { id name phone province city district detail isDefault }\n": typeof types.AddressFieldsFragmentDoc,
    "\n  query MyAddresses { myAddresses { ...AddressFields } }\n": typeof types.MyAddressesDocument,
    "\n  fragment AssistantChoiceFields on AssistantChoice {\n    relevance\n    matchedWords\n    matchedTags\n    product { id name price coverImage stock }\n  }\n": typeof types.AssistantChoiceFieldsFragmentDoc,
    "\n  fragment AssistantBasketFields on ShoppingBasket {\n    needs {\n      text\n      importance\n      reason\n      choice { ...AssistantChoiceFields }\n      alternatives { ...AssistantChoiceFields }\n    }\n    total\n    budget\n    productIds\n    splitBy\n    semanticAvailable\n    note\n  }\n": typeof types.AssistantBasketFieldsFragmentDoc,
    "\n  query ShoppingAssistant($request: String!, $budget: Decimal) {\n    shoppingAssistant(request: $request, budget: $budget) {\n      basket { ...AssistantBasketFields }\n      errors { field code message }\n    }\n  }\n": typeof types.ShoppingAssistantDocument,
    "\n  mutation AddBasketToCart($productIds: [ID!]!) {\n    addBasketToCart(productIds: $productIds) {\n      added\n      cart { itemCount }\n      errors { field code message }\n    }\n  }\n": typeof types.AddBasketToCartDocument,
    "\n  mutation UpdateCartItem($itemId: ID!, $quantity: Int!) {\n    updateCartItem(itemId: $itemId, quantity: $quantity) {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n": typeof types.UpdateCartItemDocument,
    "\n  mutation RemoveCartItems($itemIds: [ID!]!) {\n    removeCartItems(itemIds: $itemIds) {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n": typeof types.RemoveCartItemsDocument,
    "\n  mutation ClearCart {\n    clearCart {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n": typeof types.ClearCartDocument,
    "\n  fragment CartLineFields on CartLine {\n    id\n    quantity\n    unitPrice\n    seenPrice\n    lineTotal\n    issues\n    orderable\n    product { id name coverImage stock onSale }\n  }\n": typeof types.CartLineFieldsFragmentDoc,
    "\n  fragment CartFields on Cart {\n    lines { ...CartLineFields }\n    itemCount\n    subtotal\n    discount\n    total\n    couponCode\n    couponProblem { code message }\n  }\n": typeof types.CartFieldsFragmentDoc,
    "\n  query Cart($couponCode: String) {\n    cart(couponCode: $couponCode) { ...CartFields }\n  }\n": typeof types.CartDocument,
    "\n  query CartCount { cart { itemCount } }\n": typeof types.CartCountDocument,
    "\n  mutation AddToCart($input: AddToCartInput!) {\n    addToCart(input: $input) {\n      cart { itemCount }\n      errors { field code message }\n    }\n  }\n": typeof types.AddToCartDocument,
    "\n  query HomePage {\n    homePage {\n      carousel { title image product { id name } }\n      hot { ...ProductCard }\n      new { ...ProductCard }\n      recommended { ...ProductCard }\n    }\n  }\n": typeof types.HomePageDocument,
    "\n  query Recommendations($first: Int!) {\n    recommendations(first: $first) {\n      personalized\n      products { ...ProductCard }\n    }\n  }\n": typeof types.RecommendationsDocument,
    "\n  query ProductPage($id: ID!) {\n    product(id: $id) {\n      id\n      name\n      intro\n      detail\n      coverImage\n      images\n      price\n      originalPrice\n      stock\n      onSale\n      sales\n      rating\n      ratingCount\n      category { id name parent { id name parent { id name } } }\n      tags { label weight }\n    }\n  }\n": typeof types.ProductPageDocument,
    "\n  query SameCategory($categoryId: ID!) {\n    products(first: 9, filter: { categoryId: $categoryId }, sort: SALES) {\n      edges { node { ...ProductCard } }\n    }\n  }\n": typeof types.SameCategoryDocument,
    "\n  mutation AddReview($input: AddReviewInput!) {\n    addReview(input: $input) {\n      review { id }\n      product { id rating ratingCount }\n      errors { field code message }\n    }\n  }\n": typeof types.AddReviewDocument,
    "\n  query ProductReviews($id: ID!, $first: Int!, $after: String) {\n    product(id: $id) {\n      id\n      reviews(first: $first, after: $after) {\n        edges { node { id stars title text createdAt authorName verifiedPurchase } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ProductReviewsDocument,
    "\n  query CategoryTree {\n    categories {\n      category { id name level position }\n      children {\n        category { id name level position }\n        children {\n          category { id name level position }\n        }\n      }\n    }\n  }\n": typeof types.CategoryTreeDocument,
    "\n  query ProductList($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort!) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges { node { ...ProductCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ProductListDocument,
    "\n  fragment SearchResult on ProductSearchEdge {\n    cursor\n    score\n    keywordRank\n    semanticRank\n    matchedWords\n    node { ...ProductCard }\n  }\n": typeof types.SearchResultFragmentDoc,
    "\n  query SearchProducts($query: String!, $first: Int!, $after: String) {\n    searchProducts(query: $query, first: $first, after: $after) {\n      edges { ...SearchResult }\n      pageInfo { hasNextPage endCursor }\n      semanticAvailable\n    }\n  }\n": typeof types.SearchProductsDocument,
    "\n  query AvailableCoupons {\n    myCoupons(status: AVAILABLE) { code template { id name kind value minSpend } }\n  }\n": typeof types.AvailableCouponsDocument,
    "\n  query MyCoupons($status: CouponStatus) {\n    myCoupons(status: $status) {\n      code status grantedAt usedAt\n      template { id name kind value minSpend validFrom validUntil categoryId }\n    }\n  }\n": typeof types.MyCouponsDocument,
    "\n  query FavouriteIds($first: Int!) {\n    favourites(first: $first) { edges { node { id } } }\n  }\n": typeof types.FavouriteIdsDocument,
    "\n  query Favourites($first: Int!, $after: String) {\n    favourites(first: $first, after: $after) {\n      edges { node { ...ProductCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.FavouritesDocument,
    "\n  mutation AddFavourite($productId: ID!) {\n    addFavourite(productId: $productId) {\n      product { id }\n      errors { field code message }\n    }\n  }\n": typeof types.AddFavouriteDocument,
    "\n  mutation RemoveFavourite($productId: ID!) {\n    removeFavourite(productId: $productId) {\n      product { id }\n      errors { field code message }\n    }\n  }\n": typeof types.RemoveFavouriteDocument,
    "\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) {\n      order { id number status total }\n      errors { field code message }\n    }\n  }\n": typeof types.PlaceOrderDocument,
    "\n  mutation ConfirmOrderReceived($orderId: ID!) {\n    confirmOrderReceived(orderId: $orderId) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n": typeof types.ConfirmOrderReceivedDocument,
    "\n  fragment OrderRow on Order {\n    id number status total createdAt\n    items { productId productName productImage quantity }\n  }\n": typeof types.OrderRowFragmentDoc,
    "\n  query MyOrders($first: Int!, $after: String, $status: OrderStatus) {\n    myOrders(first: $first, after: $after, status: $status) {\n      edges { node { ...OrderRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.MyOrdersDocument,
    "\n  mutation PayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n": typeof types.PayOrderDocument,
    "\n  query WalletBalance { myWallet { balance } }\n": typeof types.WalletBalanceDocument,
    "\n  fragment OrderFields on Order {\n    id\n    number\n    status\n    subtotal\n    discount\n    total\n    couponCode\n    paymentMethod\n    trackingNote\n    closeReason\n    createdAt\n    paidAt\n    shippedAt\n    completedAt\n    closedAt\n    shippingAddress { name phone province city district detail }\n    items { productId productName productImage unitPrice quantity lineTotal }\n  }\n": typeof types.OrderFieldsFragmentDoc,
    "\n  query Order($id: ID!) { order(id: $id) { ...OrderFields } }\n": typeof types.OrderDocument,
    "\n  mutation CancelOrder($orderId: ID!) {\n    cancelOrder(orderId: $orderId) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n": typeof types.CancelOrderDocument,
    "\n  fragment WalletEntryRow on WalletEntry { amount balanceAfter kind reference createdAt }\n": typeof types.WalletEntryRowFragmentDoc,
    "\n  query Wallet($first: Int!, $after: String) {\n    myWallet {\n      balance\n      entries(first: $first, after: $after) {\n        edges { cursor node { ...WalletEntryRow } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.WalletDocument,
};
const documents: Documents = {
    "\n  fragment ProductCard on Product {\n    id\n    name\n    coverImage\n    price\n    originalPrice\n    rating\n    ratingCount\n    stock\n  }\n": types.ProductCardFragmentDoc,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation UploadAvatar($avatar: Upload!) {\n    uploadAvatar(avatar: $avatar) {\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n": types.UploadAvatarDocument,
    "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      token\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      user { id }\n      errors { field code message }\n    }\n  }\n": types.RegisterDocument,
    "\n  fragment SessionUser on User { id username nickname signature role avatarUrl isLocked createdAt }\n": types.SessionUserFragmentDoc,
    "\n  query Me { me { ...SessionUser } }\n": types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation SetDefaultAddress($id: ID!) {\n    setDefaultAddress(id: $id) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n": types.SetDefaultAddressDocument,
    "\n  mutation DeleteAddress($id: ID!) {\n    deleteAddress(id: $id) {\n      address { id }\n      errors { field code message }\n    }\n  }\n": types.DeleteAddressDocument,
    "\n  mutation CreateAddress($input: AddressInput!) {\n    createAddress(input: $input) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n": types.CreateAddressDocument,
    "\n  mutation UpdateAddress($id: ID!, $input: AddressInput!) {\n    updateAddress(id: $id, input: $input) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n": types.UpdateAddressDocument,
    "\n  fragment AddressFields on Address { id name phone province city district detail isDefault }\n": types.AddressFieldsFragmentDoc,
    "\n  query MyAddresses { myAddresses { ...AddressFields } }\n": types.MyAddressesDocument,
    "\n  fragment AssistantChoiceFields on AssistantChoice {\n    relevance\n    matchedWords\n    matchedTags\n    product { id name price coverImage stock }\n  }\n": types.AssistantChoiceFieldsFragmentDoc,
    "\n  fragment AssistantBasketFields on ShoppingBasket {\n    needs {\n      text\n      importance\n      reason\n      choice { ...AssistantChoiceFields }\n      alternatives { ...AssistantChoiceFields }\n    }\n    total\n    budget\n    productIds\n    splitBy\n    semanticAvailable\n    note\n  }\n": types.AssistantBasketFieldsFragmentDoc,
    "\n  query ShoppingAssistant($request: String!, $budget: Decimal) {\n    shoppingAssistant(request: $request, budget: $budget) {\n      basket { ...AssistantBasketFields }\n      errors { field code message }\n    }\n  }\n": types.ShoppingAssistantDocument,
    "\n  mutation AddBasketToCart($productIds: [ID!]!) {\n    addBasketToCart(productIds: $productIds) {\n      added\n      cart { itemCount }\n      errors { field code message }\n    }\n  }\n": types.AddBasketToCartDocument,
    "\n  mutation UpdateCartItem($itemId: ID!, $quantity: Int!) {\n    updateCartItem(itemId: $itemId, quantity: $quantity) {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n": types.UpdateCartItemDocument,
    "\n  mutation RemoveCartItems($itemIds: [ID!]!) {\n    removeCartItems(itemIds: $itemIds) {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n": types.RemoveCartItemsDocument,
    "\n  mutation ClearCart {\n    clearCart {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n": types.ClearCartDocument,
    "\n  fragment CartLineFields on CartLine {\n    id\n    quantity\n    unitPrice\n    seenPrice\n    lineTotal\n    issues\n    orderable\n    product { id name coverImage stock onSale }\n  }\n": types.CartLineFieldsFragmentDoc,
    "\n  fragment CartFields on Cart {\n    lines { ...CartLineFields }\n    itemCount\n    subtotal\n    discount\n    total\n    couponCode\n    couponProblem { code message }\n  }\n": types.CartFieldsFragmentDoc,
    "\n  query Cart($couponCode: String) {\n    cart(couponCode: $couponCode) { ...CartFields }\n  }\n": types.CartDocument,
    "\n  query CartCount { cart { itemCount } }\n": types.CartCountDocument,
    "\n  mutation AddToCart($input: AddToCartInput!) {\n    addToCart(input: $input) {\n      cart { itemCount }\n      errors { field code message }\n    }\n  }\n": types.AddToCartDocument,
    "\n  query HomePage {\n    homePage {\n      carousel { title image product { id name } }\n      hot { ...ProductCard }\n      new { ...ProductCard }\n      recommended { ...ProductCard }\n    }\n  }\n": types.HomePageDocument,
    "\n  query Recommendations($first: Int!) {\n    recommendations(first: $first) {\n      personalized\n      products { ...ProductCard }\n    }\n  }\n": types.RecommendationsDocument,
    "\n  query ProductPage($id: ID!) {\n    product(id: $id) {\n      id\n      name\n      intro\n      detail\n      coverImage\n      images\n      price\n      originalPrice\n      stock\n      onSale\n      sales\n      rating\n      ratingCount\n      category { id name parent { id name parent { id name } } }\n      tags { label weight }\n    }\n  }\n": types.ProductPageDocument,
    "\n  query SameCategory($categoryId: ID!) {\n    products(first: 9, filter: { categoryId: $categoryId }, sort: SALES) {\n      edges { node { ...ProductCard } }\n    }\n  }\n": types.SameCategoryDocument,
    "\n  mutation AddReview($input: AddReviewInput!) {\n    addReview(input: $input) {\n      review { id }\n      product { id rating ratingCount }\n      errors { field code message }\n    }\n  }\n": types.AddReviewDocument,
    "\n  query ProductReviews($id: ID!, $first: Int!, $after: String) {\n    product(id: $id) {\n      id\n      reviews(first: $first, after: $after) {\n        edges { node { id stars title text createdAt authorName verifiedPurchase } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ProductReviewsDocument,
    "\n  query CategoryTree {\n    categories {\n      category { id name level position }\n      children {\n        category { id name level position }\n        children {\n          category { id name level position }\n        }\n      }\n    }\n  }\n": types.CategoryTreeDocument,
    "\n  query ProductList($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort!) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges { node { ...ProductCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ProductListDocument,
    "\n  fragment SearchResult on ProductSearchEdge {\n    cursor\n    score\n    keywordRank\n    semanticRank\n    matchedWords\n    node { ...ProductCard }\n  }\n": types.SearchResultFragmentDoc,
    "\n  query SearchProducts($query: String!, $first: Int!, $after: String) {\n    searchProducts(query: $query, first: $first, after: $after) {\n      edges { ...SearchResult }\n      pageInfo { hasNextPage endCursor }\n      semanticAvailable\n    }\n  }\n": types.SearchProductsDocument,
    "\n  query AvailableCoupons {\n    myCoupons(status: AVAILABLE) { code template { id name kind value minSpend } }\n  }\n": types.AvailableCouponsDocument,
    "\n  query MyCoupons($status: CouponStatus) {\n    myCoupons(status: $status) {\n      code status grantedAt usedAt\n      template { id name kind value minSpend validFrom validUntil categoryId }\n    }\n  }\n": types.MyCouponsDocument,
    "\n  query FavouriteIds($first: Int!) {\n    favourites(first: $first) { edges { node { id } } }\n  }\n": types.FavouriteIdsDocument,
    "\n  query Favourites($first: Int!, $after: String) {\n    favourites(first: $first, after: $after) {\n      edges { node { ...ProductCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.FavouritesDocument,
    "\n  mutation AddFavourite($productId: ID!) {\n    addFavourite(productId: $productId) {\n      product { id }\n      errors { field code message }\n    }\n  }\n": types.AddFavouriteDocument,
    "\n  mutation RemoveFavourite($productId: ID!) {\n    removeFavourite(productId: $productId) {\n      product { id }\n      errors { field code message }\n    }\n  }\n": types.RemoveFavouriteDocument,
    "\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) {\n      order { id number status total }\n      errors { field code message }\n    }\n  }\n": types.PlaceOrderDocument,
    "\n  mutation ConfirmOrderReceived($orderId: ID!) {\n    confirmOrderReceived(orderId: $orderId) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n": types.ConfirmOrderReceivedDocument,
    "\n  fragment OrderRow on Order {\n    id number status total createdAt\n    items { productId productName productImage quantity }\n  }\n": types.OrderRowFragmentDoc,
    "\n  query MyOrders($first: Int!, $after: String, $status: OrderStatus) {\n    myOrders(first: $first, after: $after, status: $status) {\n      edges { node { ...OrderRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.MyOrdersDocument,
    "\n  mutation PayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n": types.PayOrderDocument,
    "\n  query WalletBalance { myWallet { balance } }\n": types.WalletBalanceDocument,
    "\n  fragment OrderFields on Order {\n    id\n    number\n    status\n    subtotal\n    discount\n    total\n    couponCode\n    paymentMethod\n    trackingNote\n    closeReason\n    createdAt\n    paidAt\n    shippedAt\n    completedAt\n    closedAt\n    shippingAddress { name phone province city district detail }\n    items { productId productName productImage unitPrice quantity lineTotal }\n  }\n": types.OrderFieldsFragmentDoc,
    "\n  query Order($id: ID!) { order(id: $id) { ...OrderFields } }\n": types.OrderDocument,
    "\n  mutation CancelOrder($orderId: ID!) {\n    cancelOrder(orderId: $orderId) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n": types.CancelOrderDocument,
    "\n  fragment WalletEntryRow on WalletEntry { amount balanceAfter kind reference createdAt }\n": types.WalletEntryRowFragmentDoc,
    "\n  query Wallet($first: Int!, $after: String) {\n    myWallet {\n      balance\n      entries(first: $first, after: $after) {\n        edges { cursor node { ...WalletEntryRow } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.WalletDocument,
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
export function graphql(source: "\n  fragment ProductCard on Product {\n    id\n    name\n    coverImage\n    price\n    originalPrice\n    rating\n    ratingCount\n    stock\n  }\n"): (typeof documents)["\n  fragment ProductCard on Product {\n    id\n    name\n    coverImage\n    price\n    originalPrice\n    rating\n    ratingCount\n    stock\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadAvatar($avatar: Upload!) {\n    uploadAvatar(avatar: $avatar) {\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation UploadAvatar($avatar: Upload!) {\n    uploadAvatar(avatar: $avatar) {\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      token\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($oldPassword: String!, $newPassword: String!) {\n    changePassword(oldPassword: $oldPassword, newPassword: $newPassword) {\n      token\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      user { id }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      user { id }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionUser on User { id username nickname signature role avatarUrl isLocked createdAt }\n"): (typeof documents)["\n  fragment SessionUser on User { id username nickname signature role avatarUrl isLocked createdAt }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me { me { ...SessionUser } }\n"): (typeof documents)["\n  query Me { me { ...SessionUser } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      user { ...SessionUser }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDefaultAddress($id: ID!) {\n    setDefaultAddress(id: $id) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetDefaultAddress($id: ID!) {\n    setDefaultAddress(id: $id) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAddress($id: ID!) {\n    deleteAddress(id: $id) {\n      address { id }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteAddress($id: ID!) {\n    deleteAddress(id: $id) {\n      address { id }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAddress($input: AddressInput!) {\n    createAddress(input: $input) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAddress($input: AddressInput!) {\n    createAddress(input: $input) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAddress($id: ID!, $input: AddressInput!) {\n    updateAddress(id: $id, input: $input) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAddress($id: ID!, $input: AddressInput!) {\n    updateAddress(id: $id, input: $input) {\n      address { ...AddressFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AddressFields on Address { id name phone province city district detail isDefault }\n"): (typeof documents)["\n  fragment AddressFields on Address { id name phone province city district detail isDefault }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyAddresses { myAddresses { ...AddressFields } }\n"): (typeof documents)["\n  query MyAddresses { myAddresses { ...AddressFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AssistantChoiceFields on AssistantChoice {\n    relevance\n    matchedWords\n    matchedTags\n    product { id name price coverImage stock }\n  }\n"): (typeof documents)["\n  fragment AssistantChoiceFields on AssistantChoice {\n    relevance\n    matchedWords\n    matchedTags\n    product { id name price coverImage stock }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AssistantBasketFields on ShoppingBasket {\n    needs {\n      text\n      importance\n      reason\n      choice { ...AssistantChoiceFields }\n      alternatives { ...AssistantChoiceFields }\n    }\n    total\n    budget\n    productIds\n    splitBy\n    semanticAvailable\n    note\n  }\n"): (typeof documents)["\n  fragment AssistantBasketFields on ShoppingBasket {\n    needs {\n      text\n      importance\n      reason\n      choice { ...AssistantChoiceFields }\n      alternatives { ...AssistantChoiceFields }\n    }\n    total\n    budget\n    productIds\n    splitBy\n    semanticAvailable\n    note\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShoppingAssistant($request: String!, $budget: Decimal) {\n    shoppingAssistant(request: $request, budget: $budget) {\n      basket { ...AssistantBasketFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  query ShoppingAssistant($request: String!, $budget: Decimal) {\n    shoppingAssistant(request: $request, budget: $budget) {\n      basket { ...AssistantBasketFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddBasketToCart($productIds: [ID!]!) {\n    addBasketToCart(productIds: $productIds) {\n      added\n      cart { itemCount }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation AddBasketToCart($productIds: [ID!]!) {\n    addBasketToCart(productIds: $productIds) {\n      added\n      cart { itemCount }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCartItem($itemId: ID!, $quantity: Int!) {\n    updateCartItem(itemId: $itemId, quantity: $quantity) {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCartItem($itemId: ID!, $quantity: Int!) {\n    updateCartItem(itemId: $itemId, quantity: $quantity) {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveCartItems($itemIds: [ID!]!) {\n    removeCartItems(itemIds: $itemIds) {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveCartItems($itemIds: [ID!]!) {\n    removeCartItems(itemIds: $itemIds) {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClearCart {\n    clearCart {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation ClearCart {\n    clearCart {\n      cart { ...CartFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CartLineFields on CartLine {\n    id\n    quantity\n    unitPrice\n    seenPrice\n    lineTotal\n    issues\n    orderable\n    product { id name coverImage stock onSale }\n  }\n"): (typeof documents)["\n  fragment CartLineFields on CartLine {\n    id\n    quantity\n    unitPrice\n    seenPrice\n    lineTotal\n    issues\n    orderable\n    product { id name coverImage stock onSale }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CartFields on Cart {\n    lines { ...CartLineFields }\n    itemCount\n    subtotal\n    discount\n    total\n    couponCode\n    couponProblem { code message }\n  }\n"): (typeof documents)["\n  fragment CartFields on Cart {\n    lines { ...CartLineFields }\n    itemCount\n    subtotal\n    discount\n    total\n    couponCode\n    couponProblem { code message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Cart($couponCode: String) {\n    cart(couponCode: $couponCode) { ...CartFields }\n  }\n"): (typeof documents)["\n  query Cart($couponCode: String) {\n    cart(couponCode: $couponCode) { ...CartFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CartCount { cart { itemCount } }\n"): (typeof documents)["\n  query CartCount { cart { itemCount } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddToCart($input: AddToCartInput!) {\n    addToCart(input: $input) {\n      cart { itemCount }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation AddToCart($input: AddToCartInput!) {\n    addToCart(input: $input) {\n      cart { itemCount }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomePage {\n    homePage {\n      carousel { title image product { id name } }\n      hot { ...ProductCard }\n      new { ...ProductCard }\n      recommended { ...ProductCard }\n    }\n  }\n"): (typeof documents)["\n  query HomePage {\n    homePage {\n      carousel { title image product { id name } }\n      hot { ...ProductCard }\n      new { ...ProductCard }\n      recommended { ...ProductCard }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Recommendations($first: Int!) {\n    recommendations(first: $first) {\n      personalized\n      products { ...ProductCard }\n    }\n  }\n"): (typeof documents)["\n  query Recommendations($first: Int!) {\n    recommendations(first: $first) {\n      personalized\n      products { ...ProductCard }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductPage($id: ID!) {\n    product(id: $id) {\n      id\n      name\n      intro\n      detail\n      coverImage\n      images\n      price\n      originalPrice\n      stock\n      onSale\n      sales\n      rating\n      ratingCount\n      category { id name parent { id name parent { id name } } }\n      tags { label weight }\n    }\n  }\n"): (typeof documents)["\n  query ProductPage($id: ID!) {\n    product(id: $id) {\n      id\n      name\n      intro\n      detail\n      coverImage\n      images\n      price\n      originalPrice\n      stock\n      onSale\n      sales\n      rating\n      ratingCount\n      category { id name parent { id name parent { id name } } }\n      tags { label weight }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SameCategory($categoryId: ID!) {\n    products(first: 9, filter: { categoryId: $categoryId }, sort: SALES) {\n      edges { node { ...ProductCard } }\n    }\n  }\n"): (typeof documents)["\n  query SameCategory($categoryId: ID!) {\n    products(first: 9, filter: { categoryId: $categoryId }, sort: SALES) {\n      edges { node { ...ProductCard } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddReview($input: AddReviewInput!) {\n    addReview(input: $input) {\n      review { id }\n      product { id rating ratingCount }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation AddReview($input: AddReviewInput!) {\n    addReview(input: $input) {\n      review { id }\n      product { id rating ratingCount }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductReviews($id: ID!, $first: Int!, $after: String) {\n    product(id: $id) {\n      id\n      reviews(first: $first, after: $after) {\n        edges { node { id stars title text createdAt authorName verifiedPurchase } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProductReviews($id: ID!, $first: Int!, $after: String) {\n    product(id: $id) {\n      id\n      reviews(first: $first, after: $after) {\n        edges { node { id stars title text createdAt authorName verifiedPurchase } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CategoryTree {\n    categories {\n      category { id name level position }\n      children {\n        category { id name level position }\n        children {\n          category { id name level position }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CategoryTree {\n    categories {\n      category { id name level position }\n      children {\n        category { id name level position }\n        children {\n          category { id name level position }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductList($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort!) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges { node { ...ProductCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ProductList($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort!) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges { node { ...ProductCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SearchResult on ProductSearchEdge {\n    cursor\n    score\n    keywordRank\n    semanticRank\n    matchedWords\n    node { ...ProductCard }\n  }\n"): (typeof documents)["\n  fragment SearchResult on ProductSearchEdge {\n    cursor\n    score\n    keywordRank\n    semanticRank\n    matchedWords\n    node { ...ProductCard }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchProducts($query: String!, $first: Int!, $after: String) {\n    searchProducts(query: $query, first: $first, after: $after) {\n      edges { ...SearchResult }\n      pageInfo { hasNextPage endCursor }\n      semanticAvailable\n    }\n  }\n"): (typeof documents)["\n  query SearchProducts($query: String!, $first: Int!, $after: String) {\n    searchProducts(query: $query, first: $first, after: $after) {\n      edges { ...SearchResult }\n      pageInfo { hasNextPage endCursor }\n      semanticAvailable\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AvailableCoupons {\n    myCoupons(status: AVAILABLE) { code template { id name kind value minSpend } }\n  }\n"): (typeof documents)["\n  query AvailableCoupons {\n    myCoupons(status: AVAILABLE) { code template { id name kind value minSpend } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyCoupons($status: CouponStatus) {\n    myCoupons(status: $status) {\n      code status grantedAt usedAt\n      template { id name kind value minSpend validFrom validUntil categoryId }\n    }\n  }\n"): (typeof documents)["\n  query MyCoupons($status: CouponStatus) {\n    myCoupons(status: $status) {\n      code status grantedAt usedAt\n      template { id name kind value minSpend validFrom validUntil categoryId }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FavouriteIds($first: Int!) {\n    favourites(first: $first) { edges { node { id } } }\n  }\n"): (typeof documents)["\n  query FavouriteIds($first: Int!) {\n    favourites(first: $first) { edges { node { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Favourites($first: Int!, $after: String) {\n    favourites(first: $first, after: $after) {\n      edges { node { ...ProductCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Favourites($first: Int!, $after: String) {\n    favourites(first: $first, after: $after) {\n      edges { node { ...ProductCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddFavourite($productId: ID!) {\n    addFavourite(productId: $productId) {\n      product { id }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation AddFavourite($productId: ID!) {\n    addFavourite(productId: $productId) {\n      product { id }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveFavourite($productId: ID!) {\n    removeFavourite(productId: $productId) {\n      product { id }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveFavourite($productId: ID!) {\n    removeFavourite(productId: $productId) {\n      product { id }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) {\n      order { id number status total }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) {\n      order { id number status total }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmOrderReceived($orderId: ID!) {\n    confirmOrderReceived(orderId: $orderId) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmOrderReceived($orderId: ID!) {\n    confirmOrderReceived(orderId: $orderId) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderRow on Order {\n    id number status total createdAt\n    items { productId productName productImage quantity }\n  }\n"): (typeof documents)["\n  fragment OrderRow on Order {\n    id number status total createdAt\n    items { productId productName productImage quantity }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyOrders($first: Int!, $after: String, $status: OrderStatus) {\n    myOrders(first: $first, after: $after, status: $status) {\n      edges { node { ...OrderRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query MyOrders($first: Int!, $after: String, $status: OrderStatus) {\n    myOrders(first: $first, after: $after, status: $status) {\n      edges { node { ...OrderRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation PayOrder($input: PayOrderInput!) {\n    payOrder(input: $input) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WalletBalance { myWallet { balance } }\n"): (typeof documents)["\n  query WalletBalance { myWallet { balance } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderFields on Order {\n    id\n    number\n    status\n    subtotal\n    discount\n    total\n    couponCode\n    paymentMethod\n    trackingNote\n    closeReason\n    createdAt\n    paidAt\n    shippedAt\n    completedAt\n    closedAt\n    shippingAddress { name phone province city district detail }\n    items { productId productName productImage unitPrice quantity lineTotal }\n  }\n"): (typeof documents)["\n  fragment OrderFields on Order {\n    id\n    number\n    status\n    subtotal\n    discount\n    total\n    couponCode\n    paymentMethod\n    trackingNote\n    closeReason\n    createdAt\n    paidAt\n    shippedAt\n    completedAt\n    closedAt\n    shippingAddress { name phone province city district detail }\n    items { productId productName productImage unitPrice quantity lineTotal }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Order($id: ID!) { order(id: $id) { ...OrderFields } }\n"): (typeof documents)["\n  query Order($id: ID!) { order(id: $id) { ...OrderFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelOrder($orderId: ID!) {\n    cancelOrder(orderId: $orderId) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation CancelOrder($orderId: ID!) {\n    cancelOrder(orderId: $orderId) {\n      order { ...OrderFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WalletEntryRow on WalletEntry { amount balanceAfter kind reference createdAt }\n"): (typeof documents)["\n  fragment WalletEntryRow on WalletEntry { amount balanceAfter kind reference createdAt }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Wallet($first: Int!, $after: String) {\n    myWallet {\n      balance\n      entries(first: $first, after: $after) {\n        edges { cursor node { ...WalletEntryRow } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Wallet($first: Int!, $after: String) {\n    myWallet {\n      balance\n      entries(first: $first, after: $after) {\n        edges { cursor node { ...WalletEntryRow } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;