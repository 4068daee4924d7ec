import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableDesign } from './table-design';
import { db, table } from './client';

/**
 * Official accounts linked to a user. The account item itself (ACCOUNT#<appid> / ACCOUNT) lives
 * with the WeChat authorization code; here is the user-side view through gsi1:
 *   gsi1pk USER#<userId>, gsi1sk ACCOUNT#<appid>
 */
export interface AccountSummary {
  appid: string;
  nickname: string;
  mode: 'component' | 'direct';
}

export const listAccountsOfUser = async (userId: string): Promise<AccountSummary[]> => {
  const gsi = tableDesign.indexes.gsi1;
  const accounts: AccountSummary[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: table(),
        IndexName: gsi.name,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': gsi.partitionKey, '#sk': gsi.sortKey },
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':prefix': 'ACCOUNT#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item['status'] === 'unauthorized') continue;
      accounts.push({ appid: item['appid'], nickname: item['nickname'] ?? '', mode: item['mode'] });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return accounts;
};
