// A shopping-assistant basket as the API shapes it, for the assistant's tests.
export const choice = (id: string, name: string, price: string, relevance = 0.8, extra: Record<string, unknown> = {}) => ({
  relevance,
  matchedWords: ['fruit'],
  matchedTags: ['fresh'],
  product: { id, name, price, coverImage: null, stock: 5 },
  ...extra,
})

export const basket = (overrides: Record<string, unknown> = {}) => ({
  needs: [
    {
      text: 'fresh fruit',
      importance: 0.6,
      reason: 'The best fit for “fresh fruit” within the budget.',
      choice: choice('P1', 'Apple box', '12.00'),
      alternatives: [choice('P2', 'Pear box', '14.00', 0.7), choice('P3', 'Banana bunch', '3.50', 0.5)],
    },
    {
      text: 'snacks',
      importance: 0.4,
      reason: 'Nothing for “snacks” fits in what is left of the budget.',
      choice: null,
      alternatives: [],
    },
  ],
  total: '12.00',
  budget: '40.00',
  productIds: ['P1'],
  splitBy: 'local',
  semanticAvailable: true,
  note: null,
  ...overrides,
})
