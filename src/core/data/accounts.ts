import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { OwnedElsewhere } from './errors';
import { tableDesign } from './table-design';
import { db, isConditionFailure, queryAll, table } from './client';
import { accountSecretContext, openFields, sealFields, secretFields } from './tenant-secrets';

/**
 * Official accounts. One item per appid, owned by one organization; the organization's accounts
 * are listed through gsi1:
 *   ACCOUNT#<appid> / ACCOUNT     orgId, gsi1pk ORG#<orgId>, gsi1sk ACCOUNT#<appid>
 * (Before the organizations migration, bin/migrate-organizations.ts: ownerId, gsi1pk USER#<ownerId>.)
 * The owner changes only through {@link moveAccount}.
 */
export type AccountMode = 'component' | 'direct';
/** unbound: its owner unbound it here (kept 30 days for a re-bind, `ttl`); unauthorized: the owner revoked the platform at WeChat. */
export type AccountStatus = 'authorized' | 'unauthorized' | 'unbound';

export interface Account {
  appid: string;
  /** The organization that owns the account. */
  orgId: string;
  mode: AccountMode;
  status: AccountStatus;
  nickname: string;
  headImg?: string;
  principalName?: string;
  serviceType?: number;
  verifyType?: number;
  funcInfo?: number[];
  /** component mode: the long-lived refresh token WeChat gave at authorization. */
  authorizerRefreshToken?: string;
  /** direct mode: the account's own secret and callback settings. Never answered to clients. */
  appsecret?: string;
  callbackToken?: string;
  encodingAesKey?: string;
  /** Web domains the account allows for OAuth redirects and JSSDK pages (empty: no restriction for JSSDK, no OAuth redirect). */
  domains?: string[];
  /** direct mode: WeChat's web-OAuth domain-check file, served at the platform's root. */
  mpVerify?: { file: string; content: string };
  /** Days the message inbox keeps messages (absent: 5, WeChat's own back office; 0: keep nothing). */
  inboxRetentionDays?: number;
  /** The last failure of the scheduled refresh (e.g. 61023 after the owner revoked us). */
  refreshError?: { errcode: number; errmsg: string; at: string };
  /**
   * The account's original ID (gh_…): the ToUserName of every push meant for it. Component mode:
   * from api_get_authorizer_info at authorization; direct mode: typed at binding, else learned
   * from the first verified push (src/callback/push-guard.ts).
   */
  originalId?: string;
  /** direct mode: the message encryption chosen in WeChat's back office; 'safe' refuses plaintext pushes. */
  encryptMode?: 'plain' | 'compatible' | 'safe';
  /**
   * direct mode, after the owner changed the server configuration here: the one before, still
   * accepted until `previousCallbackUntil`, because WeChat signs and seals with it until the owner
   * submits the same change in 公众平台 (设置与开发 → 基本配置): no push is lost in between.
   */
  previousCallbackToken?: string;
  previousEncodingAesKey?: string;
  previousEncryptMode?: 'plain' | 'compatible' | 'safe';
  previousCallbackUntil?: string;
  /** Changes with every reply-rule write (same transaction): the callback's rule cache is keyed by it. */
  rulesVersion?: string;
  /** Publishes of the custom menu through us (src/menus/data/menu-version.ts): an editor's stale save is refused. */
  menuVersion?: number;
  /** unbound: when, and the TTL that purges the item (cleared by a re-bind, which rewrites the item whole). */
  unboundAt?: string;
  ttl?: number;
  createdAt: string;
  updatedAt: string;
}

export interface AccountSummary {
  appid: string;
  nickname: string;
  mode: AccountMode;
  /** WeChat refused the account's refresh token: the owner must authorize it again (需要重新授权). */
  needsReauthorization?: true;
}

/**
 * WeChat's answers to api_authorizer_token that only a new authorization cures
 * (openApi/OpenApiDoc/ticket-token/getAuthorizerAccessToken.html): 61023 refresh_token is invalid,
 * 61003 component is not authorized by this account. Plain numbers: src/core imports nothing above
 * it (src/wechat/error-codes.ts names them too).
 */
export const reauthorizationCodes: ReadonlySet<number> = new Set([61023, 61003]);

/** The refresh token WeChat refused, as recorded on the account (token store or scheduled refresh); a new authorization rewrites the item without it. */
export const needsReauthorization = (account: Account): boolean =>
  account.mode === 'component' && account.status === 'authorized' && reauthorizationCodes.has(account.refreshError?.errcode ?? 0);

export const accountKey = (appid: string) => ({ pk: `ACCOUNT#${appid}`, sk: 'ACCOUNT' });

const gsi = tableDesign.indexes.gsi1;

/** The index partition that lists an organization's accounts. */
export const organizationAccountsKey = (orgId: string) => `ORG#${orgId}`;

/** Secrets and tokens are stored sealed (src/core/data/tenant-secrets.ts); callers see plaintext. */
const toItem = async (account: Account) => ({
  ...accountKey(account.appid),
  type: 'account',
  [gsi.partitionKey]: organizationAccountsKey(account.orgId),
  [gsi.sortKey]: `ACCOUNT#${account.appid}`,
  ...(await sealFields(account, secretFields.ACCOUNT, accountSecretContext(account.appid))),
});

const fromItem = async (item: Record<string, unknown>): Promise<Account> => {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g1, gsi1sk: _g2, ...account } = item;
  return (await openFields(account, secretFields.ACCOUNT, accountSecretContext(String(account['appid'])))) as unknown as Account;
};

export class AccountTakenError extends OwnedElsewhere {
  override name = 'AccountTakenError';
  constructor(appid: string) {
    super(`appid: ${appid} is already linked to another organization`);
  }
}

/**
 * Stores the account for its organization. Re-authorizing the organization's own account
 * overwrites it; an account linked to another organization is refused. One conditional write: two
 * organizations racing for one appid cannot both win.
 */
export const saveAccount = async (account: Account): Promise<void> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: await toItem(account),
        ConditionExpression: 'attribute_not_exists(pk) OR orgId = :org',
        ExpressionAttributeValues: { ':org': account.orgId },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new AccountTakenError(account.appid);
    throw error;
  }
};

/**
 * The write that learns a direct account's original ID from its first verified push, as one item
 * of the callback's transaction (no request of its own): set only while absent, so a later push
 * addressed elsewhere fails the whole transaction instead of rewriting it.
 */
export const learnOriginalIdWrite = (appid: string, originalId: string) => ({
  Update: {
    TableName: table(),
    Key: accountKey(appid),
    UpdateExpression: 'SET originalId = :gh',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(originalId) OR originalId = :gh)',
    ExpressionAttributeValues: { ':gh': originalId },
  },
});

export const getAccount = async (appid: string): Promise<Account | undefined> => {
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: accountKey(appid), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
};

/** A condition an update needs besides the account existing (optimistic concurrency), in DynamoDB's words. */
export interface UpdateGuard {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * Sets only the attributes given (a concurrent update of other attributes is kept) and answers the
 * account as it now is. Refused (ConditionalCheckFailedException) when the account is gone or the
 * guard does not hold.
 */
export const updateAccount = async (
  appid: string,
  changes: Partial<Omit<Account, 'appid' | 'orgId' | 'createdAt'>>,
  guard?: UpdateGuard,
): Promise<Account> => {
  const sealed = await sealFields({ ...changes, updatedAt: new Date().toISOString() }, secretFields.ACCOUNT, accountSecretContext(appid));
  const entries = Object.entries(sealed).filter(([, v]) => v !== undefined);
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: accountKey(appid),
      UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
      ConditionExpression: guard ? `attribute_exists(pk) AND (${guard.expression})` : 'attribute_exists(pk)',
      ExpressionAttributeNames: { ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])), ...guard?.names },
      ExpressionAttributeValues: { ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])), ...guard?.values },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return fromItem(Attributes!);
};

/**
 * Removes an account item its organization holds (no route unbinds yet: the smoke test's clean-up, with the
 * operator's credentials). Answers false when the item is gone or owned by someone else: never
 * another owner's account.
 */
export const deleteAccount = async (appid: string, orgId: string): Promise<boolean> => {
  try {
    await db.send(
      new DeleteCommand({
        TableName: table(),
        Key: accountKey(appid),
        ConditionExpression: 'orgId = :org',
        ExpressionAttributeValues: { ':org': orgId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/**
 * Unbinding by its organization: the account stops being served (pushes are answered `success` and
 * not stored), its secrets go at once, and the item expires at `ttl` unless re-bound before (a
 * re-bind writes the item whole, without a TTL). False when the organization does not own it.
 */
export const markUnbound = async (appid: string, orgId: string, ttl: number, now = new Date()): Promise<boolean> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: accountKey(appid),
        UpdateExpression: `SET #status = :unbound, unboundAt = :now, updatedAt = :now, #ttl = :ttl REMOVE ${secretFields.ACCOUNT.join(', ')}`,
        ConditionExpression: 'orgId = :org',
        ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':unbound': 'unbound', ':now': now.toISOString(), ':ttl': ttl, ':org': orgId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** The accounts listed under one gsi1 partition (an organization's, or a user's before the migration). */
const listAccountsUnder = async (gsi1pk: string): Promise<Account[]> =>
  Promise.all(
    (
      await queryAll({
        TableName: table(),
        IndexName: gsi.name,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': gsi.partitionKey, '#sk': gsi.sortKey },
        ExpressionAttributeValues: { ':pk': gsi1pk, ':prefix': 'ACCOUNT#' },
      })
    ).map(fromItem),
  );

export const listAccountsOfOrganization = (orgId: string): Promise<Account[]> => listAccountsUnder(organizationAccountsKey(orgId));

/** Who owns the account now, as {@link moveAccount} checks it: an organization, or (before the migration) a user. */
export type AccountOwner = { orgId: string } | { legacyUserId: string };

/**
 * The one way an account changes owner (the organizations migration today; a transfer between
 * organizations later): conditioned on the owner being the one named, so a repeat or a race moves
 * it once, and the listing entry moves with it. False when the account is not (or no longer)
 * owned by `from`.
 */
export const moveAccount = async (appid: string, from: AccountOwner, toOrgId: string): Promise<boolean> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: accountKey(appid),
        UpdateExpression: 'SET orgId = :to, #gpk = :gpk, updatedAt = :now REMOVE ownerId',
        ConditionExpression: 'orgId' in from ? 'orgId = :from' : 'ownerId = :from AND attribute_not_exists(orgId)',
        ExpressionAttributeNames: { '#gpk': gsi.partitionKey },
        ExpressionAttributeValues: {
          ':to': toOrgId,
          ':gpk': organizationAccountsKey(toOrgId),
          ':now': new Date().toISOString(),
          ':from': 'orgId' in from ? from.orgId : from.legacyUserId,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** The accounts a user owned before organizations (the migration's input). */
export const listLegacyAccountsOfUser = (userId: string): Promise<Account[]> => listAccountsUnder(`USER#${userId}`);

/** What a user sees of their accounts: the authorized ones, without secrets. */
export const summarize = (accounts: Account[]): AccountSummary[] =>
  accounts
    .filter((a) => a.status === 'authorized')
    .map((a) => ({ appid: a.appid, nickname: a.nickname, mode: a.mode, ...(needsReauthorization(a) ? { needsReauthorization: true as const } : {}) }));
