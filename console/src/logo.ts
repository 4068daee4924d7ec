import { useBlobUrl } from './blob-url';

/**
 * The user's logo as a blob URL. `me` answers a presigned S3 URL, a foreign origin the CSP does
 * not let an <img> load; so the console fetches GET /apis/user/logo (our origin). `version` (me's
 * logoUrl) changes with a new logo, and fetches it again.
 */
export const useLogo = (version: string | undefined): string | undefined => {
  const state = useBlobUrl('user.logo', version ? {} : undefined, version);
  return state.kind === 'shown' ? state.url : undefined;
};
