/**
 * Configuration from the environment (SPEC §5). Values are read when first used rather than at
 * import, so the local server can set the environment before it loads the handlers; a required
 * value that is missing throws with its name instead of failing later in an SDK call.
 */
const required = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
};

const optional = (name: string, fallback: string): string => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
};

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

export const config = {
  get tableName() {
    return required('TABLE_NAME');
  },
  get bucketName() {
    return required('BUCKET_NAME');
  },
  get mailFrom() {
    return required('MAIL_FROM');
  },
  /** The public URL of the API: links in mails and OAuth redirect URIs are built from it. */
  get publicBaseUrl() {
    return withoutTrailingSlash(required('PUBLIC_BASE_URL'));
  },
  /** Where browsers land after verification, logout and authorization (the web console). */
  get consoleUrl() {
    return optional('CONSOLE_URL', `${withoutTrailingSlash(required('PUBLIC_BASE_URL'))}/`);
  },
  get wechatApiBase() {
    return withoutTrailingSlash(optional('WECHAT_API_BASE', 'https://api.weixin.qq.com'));
  },
  get wechatMpBase() {
    return withoutTrailingSlash(optional('WECHAT_MP_BASE', 'https://mp.weixin.qq.com'));
  },
  get wechatOpenBase() {
    return withoutTrailingSlash(optional('WECHAT_OPEN_BASE', 'https://open.weixin.qq.com'));
  },
} as const;
