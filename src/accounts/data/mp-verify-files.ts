import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ItemConflict } from '../../core/data/errors';
import { db, isConditionFailure, table } from '../../core/data/client';

/**
 * WeChat's domain-check files, served at the root of the platform's domain by file name (every
 * account's file has its own name, WeChat's code in it):
 *   MPVERIFY#<file name> / MPVERIFY   appid, content
 * The account item keeps `mpVerify: {file, content}` too, so settings show it.
 */
const key = (file: string) => ({ pk: `MPVERIFY#${file}`, sk: 'MPVERIFY' });

/** Claims the file name for `appid` (another account's name is a conflict). */
export const putMpVerifyFile = async (appid: string, file: string, content: string): Promise<void> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: { ...key(file), type: 'mpVerifyFile', appid, content },
        ConditionExpression: 'attribute_not_exists(pk) OR appid = :appid',
        ExpressionAttributeValues: { ':appid': appid },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ItemConflict(`mpVerifyFile: ${file} is another account's verification file`);
    throw error;
  }
};

/** Removes the file if it is still `appid`'s. */
export const deleteMpVerifyFile = async (appid: string, file: string): Promise<void> => {
  try {
    await db.send(
      new DeleteCommand({ TableName: table(), Key: key(file), ConditionExpression: 'appid = :appid', ExpressionAttributeValues: { ':appid': appid } }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};

export const getMpVerifyFile = async (file: string): Promise<{ appid: string; content: string } | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key(file) }));
  return Item ? { appid: Item['appid'] as string, content: Item['content'] as string } : undefined;
};
