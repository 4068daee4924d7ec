import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, table } from '../../core/data/client';
import { openSecret, sealSecret, ticketSecretContext } from '../../core/data/tenant-secrets';

/**
 * The component_verify_ticket WeChat pushes every 10 minutes; the component token needs it.
 *   COMPONENT#<component appid> / TICKET   ticket (sealed), createTime (WeChat's, seconds),
 *                                          pushAskedAt (ms: the last api_start_push_ticket)
 * A push older than the stored one (WeChat retries out of order) does not overwrite it; a newer
 * one replaces the whole item, so a new ticket also clears pushAskedAt.
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
        // No createTime yet: the item holds only pushAskedAt (we asked before any ticket came).
        ConditionExpression: 'attribute_not_exists(createTime) OR createTime <= :t',
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

/**
 * Whether this caller may ask WeChat to push a ticket now (api_start_push_ticket): at most once
 * per `spacingMs` across containers, so requests that all find no ticket ask once between them.
 */
export const claimTicketPushRequest = async (componentAppid: string, now: number, spacingMs: number): Promise<boolean> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: ticketKey(componentAppid),
        UpdateExpression: 'SET pushAskedAt = :now, #type = if_not_exists(#type, :type)',
        ConditionExpression: 'attribute_not_exists(pushAskedAt) OR pushAskedAt <= :cutoff',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':now': now, ':cutoff': now - spacingMs, ':type': 'componentTicket' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};
