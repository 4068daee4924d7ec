/**
 * Whether the console runs on the local stack (`npm start`, the tests) beside the WeChat simulator:
 * the local server names the simulator's follower panel in a meta tag of index.html
 * (local/console-files.ts). The bundle CloudFront serves has none: no simulator in AWS, no link.
 */
export const followerPanelUrl = (): string | undefined => {
  const url = document.querySelector<HTMLMetaElement>('meta[name="socialinzen-follower-panel"]')?.content ?? '';
  return /^https?:\/\//.test(url) ? url : undefined;
};
