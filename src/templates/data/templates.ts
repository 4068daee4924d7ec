import { BatchWriteCommand, DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from '../../core/data/client';

/**
 * Our copy of an account's templates (TEMPLATES#<appid> / T#<templateId>), refreshed from WeChat's
 * get_all_private_template whenever the list is asked for and on a send naming a template we do not
 * know yet: a send checks its values against the template's content without asking WeChat.
 */
export interface StoredTemplate {
  templateId: string;
  title: string;
  content: string;
  example: string;
  primaryIndustry: string;
  deputyIndustry: string;
  /** The keywords in the content's order: key (thing1…), its type, and the label written before it. */
  keywords: { key: string; type: string; label: string }[];
  /** const keywords: the values approved with the template (from its example). */
  approved: Record<string, string[]>;
  syncedAt: string;
}

const pk = (appid: string) => `TEMPLATES#${appid}`;
const sk = (templateId: string) => `T#${templateId}`;

const fromItem = (item: Record<string, any>): StoredTemplate => ({
  templateId: item['templateId'],
  title: item['title'],
  content: item['content'],
  example: item['example'] ?? '',
  primaryIndustry: item['primaryIndustry'] ?? '',
  deputyIndustry: item['deputyIndustry'] ?? '',
  keywords: item['keywords'] ?? [],
  approved: item['approved'] ?? {},
  syncedAt: item['syncedAt'],
});

export const getTemplate = async (appid: string, templateId: string): Promise<StoredTemplate | undefined> => {
  const out = await db.send(new GetCommand({ TableName: table(), Key: { pk: pk(appid), sk: sk(templateId) } }));
  return out.Item ? fromItem(out.Item) : undefined;
};

export const listStoredTemplates = async (appid: string): Promise<StoredTemplate[]> => {
  const out = await db.send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk(appid) } }));
  return (out.Items ?? []).map(fromItem);
};

const writeBatches = async (requests: Record<string, unknown>[]) => {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = requests.slice(i, i + 25);
    for (let attempt = 0; pending?.length && attempt < 8; attempt++) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [table()]: pending as never } }));
      pending = out.UnprocessedItems?.[table()] as Record<string, unknown>[] | undefined;
      if (pending?.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
};

/** Makes our copy WeChat's list (an account holds 25 templates at most: one query, a batch or two). */
export const replaceTemplates = async (appid: string, templates: StoredTemplate[]): Promise<void> => {
  const kept = new Set(templates.map((t) => t.templateId));
  const before = await listStoredTemplates(appid);
  await writeBatches([
    ...before.filter((t) => !kept.has(t.templateId)).map((t) => ({ DeleteRequest: { Key: { pk: pk(appid), sk: sk(t.templateId) } } })),
    ...templates.map((t) => ({ PutRequest: { Item: { pk: pk(appid), sk: sk(t.templateId), type: 'template', ...t } } })),
  ]);
};

export const removeTemplate = async (appid: string, templateId: string): Promise<void> => {
  await db.send(new DeleteCommand({ TableName: table(), Key: { pk: pk(appid), sk: sk(templateId) } }));
};
