/**
 * How every Lambda is bundled: one set of esbuild options, used by the CDK construct
 * (lib/api-function.ts), the bundle-size budget test and `npm run bench`, so what is measured is
 * what ships. Pure data and esbuild's own option names; no CDK import.
 */

/** The runtime's Node major version (nodejs22.x). */
export const nodeTarget = 'node22';

/** Modules left out of the bundle: none. Measured (README, "Cold start"): the bundled, minified SDK loads faster than the runtime's copy in node_modules. */
export const externalModules: string[] = [];

/** The packages that make up the AWS SDK v3 (what "besides the SDK" leaves out of a size budget). */
export const sdkPackages = ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'];

/** ESM bundles still meet CommonJS dependencies that call require(). */
export const esmBanner = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Compile-time constants per function. Only the functions that talk to WeChat (`wechat: true`) are
 * given TENANT_KEY_ID (lib/tenant-key.ts); for the others it is `undefined` in the bundle, so esbuild
 * drops the KMS keyring and the KMS client its `import()` would inline: 65 KB that V8 parses at load
 * and those functions can never use (README, "Cold start").
 */
export const bundleDefine = (access: { readonly wechat?: boolean }): Record<string, string> =>
  access.wechat ? {} : { 'process.env.TENANT_KEY_ID': 'undefined' };

/** Source maps: measured cost decides (README, "Cold start"). */
export const sourceMaps = false;

/** esbuild options equivalent to what NodejsFunction runs with the construct's bundling props. */
export const esbuildOptions: {
  bundle: true;
  platform: 'node';
  format: 'esm';
  target: string;
  minify: true;
  mainFields: string[];
  banner: { js: string };
  external: string[];
} = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: nodeTarget,
  minify: true,
  mainFields: ['module', 'main'],
  banner: { js: esmBanner },
  external: externalModules,
};

/**
 * Size budgets (KB, minified, the AWS SDK left out) per function, just above what each measures
 * today (+2 KB, rounded up to 5); test/cdk/bundle-budgets.test.ts fails when a bundle grows past its
 * own. The ceilings are 200 KB, 150 KB for the message callback. Today: the callback 101 KB
 * (zod/mini, no busboy, its own route entry); with their schemas in zod/mini too, user.* 58-73 KB,
 * materials.* 99-135 KB (the two file-upload functions carry busboy, 27 KB, only there; S3 is
 * the SDK's SigV4 signer over fetch, 2 KB of ours, src/uploads/s3.ts), groups.*,
 * platform.*, followers.* 104-105 KB, component.* and accounts.* 70-105 KB, inbox.* 77-107 KB,
 * menus.* 102-103 KB, replies.* 75-78 KB. No function's request schema is on classic zod any more.
 * A new function gets the default: room for a WeChat-calling handler (the largest today, 135 KB),
 * not for classic zod (~60 KB more) or a stray SDK barrel.
 */
export const defaultBudgetKB = 140;

export const bundleBudgetsKB: Record<string, number> = {
  'user.register': 65,
  'user.verify': 65,
  'user.resendVerification': 65,
  'user.login': 75,
  'user.logout': 65,
  'user.me': 70,
  'user.logo': 65,
  'component.event': 110,
  'component.authUrl': 105,
  'component.authCallback': 105,
  'accounts.bindDirect': 105,
  'replies.add': 80,
  'replies.update': 80,
  'replies.delete': 80,
  'replies.list': 80,
  'callback.verifyUrl': 80,
  'callback.message': 105,
  'accounts.updateSettings': 85,
  'accounts.detail': 75,
  'materials.upload': 140,
  'materials.uploadVideo': 140,
  'materials.createUploadUrl': 105,
  'materials.remove': 105,
  'materials.count': 105,
  'materials.list': 105,
  'materials.image': 105,
  'materials.uploadLogo': 105,
  'platform.mpVerifyFile': 75,
  'platform.webauth': 110,
  'platform.jsticket': 110,
  'platform.qrcode': 110,
  'followers.updateRemark': 110,
  'groups.list': 110,
  'groups.which': 110,
  'groups.create': 110,
  'groups.update': 110,
  'groups.delete': 110,
  'groups.move': 110,
  'groups.users': 110,
  'inbox.list': 85,
  'inbox.conversation': 85,
  'inbox.markHandled': 80,
  'inbox.reply': 110,
  'inbox.media': 110,
  'menus.create': 105,
  'menus.get': 105,
  'menus.delete': 105,
  'menus.addConditional': 105,
  'menus.deleteConditional': 105,
  'menus.listConditional': 105,
  'menus.tryMatch': 105,
  'scheduled.refreshTokens': 65,
  'workers.callbackJobs': 80,
};
