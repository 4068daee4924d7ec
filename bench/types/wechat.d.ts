/** node-webot's `wechat` middleware (the benchmark's peer); it ships no types. */
declare module 'wechat' {
  type Middleware = (req: any, res: any, next: (error?: unknown) => void) => void;
  const wechat: (config: { token: string; appid: string; encodingAESKey: string; checkSignature?: boolean }, handler: (req: any, res: any, next: () => void) => void) => Middleware;
  export default wechat;
}
