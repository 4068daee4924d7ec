import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditAuthorPartition } from '../audit/entry';
import { db, queryAll, table } from './client';
import { tableDesign } from './table-design';
import { formerMemberName } from '../audit/former-member';

/**
 * SPEC's retention table: a deleted user's audit entries are kept, with the name replaced. Their
 * entries are found through gsi1 (AUDITBY#<userId>) in every organization; the id stays (it names
 * nobody once the user is gone) so an organization can still tell one former member's changes apart.
 */
export { formerMemberName };

export const replaceAuthorName = async (userId: string): Promise<number> => {
  const entries = await queryAll({
    TableName: table(),
    IndexName: tableDesign.indexes.gsi1.name,
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': auditAuthorPartition(userId) },
  });
  for (const entry of entries) {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: entry['pk'], sk: entry['sk'] },
        UpdateExpression: 'SET username = :n',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':n': formerMemberName },
      }),
    ).catch((error: unknown) => {
      // Expired (TTL) between the query and the update: nothing left to rename.
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    });
  }
  return entries.length;
};
