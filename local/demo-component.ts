/**
 * The demo third-party platform `npm start` and the tests run as (only the simulator knows it).
 * A module of its own, free of imports: test files read it without loading the local stack's
 * servers (s3rver alone takes seconds to import).
 */
export const demoComponent = {
  appid: 'wxc0000000000demo0',
  secret: '0123456789abcdef0123456789abcdef',
  token: 'socialinzenLocal',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
} as const;
