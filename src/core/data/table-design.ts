/**
 * The single table's physical design, shared by the CDK stack and the local server so both create
 * the same table. Item types and their keys live with their entity modules in this folder.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB's TTL deletes the item some time after. Readers check it too. */
  ttlAttribute: 'ttl',
  indexes: {
    /** Inverted/secondary lookups, e.g. the accounts linked to a user. */
    gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  },
} as const;
