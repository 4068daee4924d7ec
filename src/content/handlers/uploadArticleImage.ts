import { contentUploadArticleImage } from '../routes';
import { selectAccount } from '../../accounts/select-account';
import { endpoint } from '../../core/http/endpoint';
import { readMultipart } from '../../core/http/multipart';
import { ok } from '../../core/http/responses';
import { uploadRules } from '../../core/uploads/file-types';
import { fileField } from '../../materials/inputs';
import { articleImageFile, UploadArticleImageInput } from '../inputs';
import { checkArticleImage, uploadArticleImage } from '../article-images';

export const handler = endpoint(
  contentUploadArticleImage,
  UploadArticleImageInput,
  async ({ input, files, session }) => {
    const file = fileField(files, articleImageFile.name);
    // The file first: a wrong one is refused whatever the account.
    checkArticleImage(file.data);
    const account = await selectAccount(session.org, input.appid);
    return ok(await uploadArticleImage(account, file));
  },
  // The parser stops reading past WeChat's 1 MB.
  { bodyLimits: { maxFileBytes: uploadRules.articleImage.maxBytes }, multipart: readMultipart },
);
