import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { accountKey } from '../../core/data/accounts';
import { db, isConditionFailure, table } from '../../core/data/client';
import { ItemConflict, ItemNotFound } from '../../core/data/errors';

/**
 * The custom menu lives at WeChat, which keeps no version of it: the account item counts our
 * publishes instead (`menuVersion`, absent = 0), so two editors of one menu cannot overwrite each
 * other silently. The count moves BEFORE the publish (a conditional update is the only place two
 * editors can be told apart) and moves back if WeChat refuses it.
 */

/** The menu was published (or deleted) since the version the caller loaded; `version` is the stored one. */
export class MenuChanged extends ItemConflict {
  override name = 'MenuChanged';
  constructor(readonly version: number) {
    super(`version: the menu was changed elsewhere (version ${version})`);
  }
}

export const menuVersionOf = (account: { menuVersion?: number }): number => account.menuVersion ?? 0;

const storedVersion = async (appid: string): Promise<number> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: accountKey(appid), ProjectionExpression: 'menuVersion', ConsistentRead: true }));
  return typeof Item?.['menuVersion'] === 'number' ? Item['menuVersion'] : 0;
};

/**
 * Moves the count from `expected` to the next (any current one when `expected` is absent: the
 * seed's clients keep last-write-wins) and answers the new version.
 */
export const nextMenuVersion = async (appid: string, expected: number | undefined): Promise<number> => {
  const condition =
    expected === undefined
      ? 'attribute_exists(pk)'
      : // 0 after an undone first publish, or never published
        expected === 0
        ? 'attribute_exists(pk) AND (attribute_not_exists(menuVersion) OR menuVersion = :expected)'
        : 'menuVersion = :expected';
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: accountKey(appid),
        UpdateExpression: 'ADD menuVersion :one',
        ConditionExpression: condition,
        ExpressionAttributeValues: { ':one': 1, ...(expected === undefined ? {} : { ':expected': expected }) },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.['menuVersion']);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (expected === undefined) throw new ItemNotFound(`appid: ${appid} is not linked`);
    throw new MenuChanged(await storedVersion(appid));
  }
};

/** WeChat refused the publish: the count goes back, unless another publish moved it meanwhile. */
export const undoMenuVersion = async (appid: string, version: number): Promise<void> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: accountKey(appid),
        UpdateExpression: 'ADD menuVersion :minus',
        ConditionExpression: 'menuVersion = :version',
        ExpressionAttributeValues: { ':minus': -1, ':version': version },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};
