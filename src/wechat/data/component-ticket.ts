import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, table } from '../../core/data/client';
import { openSecret, sealSecret, ticketSecretContext } from '../../core/data/tenant-secrets';

/**
 * The component_verify_ticket WeChat pushes every 10 minutes; the component token needs it.
 *   COMPONENT#<component appid> / TICKET   ticket (sealed), createTime (WeChat's, seconds)
 * A push older than the stored one (WeChat retries out of order) does not overwrite it.
 */
export const ticketKey = (componentAppid: string) => ({ pk: `COMPONENT#${componentAppid}`, sk: 'TICKET' });

export const saveComponentTicket = async (componentAppid: string, ticket: string, createTime: number): Promise<void> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...ticketKey(componentAppid),
          type: 'componentTicket',
          ticket: await sealSecret(ticket, ticketSecretContext(componentAppid)),
          createTime,
          receivedAt: new Date().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR createTime <= :t',
        ExpressionAttributeValues: { ':t': createTime },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};

export const getComponentTicket = async (componentAppid: string): Promise<string | undefined> => {
  const { Item } = await db.send(
    new GetCommand({ TableName: table(), Key: ticketKey(componentAppid), ConsistentRead: true }),
  );
  const ticket = Item?.['ticket'] as string | undefined;
  return ticket === undefined ? undefined : openSecret(ticket, ticketSecretContext(componentAppid));
};
